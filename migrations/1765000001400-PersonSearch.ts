import { MigrationInterface, QueryRunner } from 'typeorm';

/** Old spellings folded into the current ones (EYD 1972 and what people still write). */
const SPELLING_FOLDS: Array<[string, string]> = [
  ['dj', 'j'], // Djoko -> Joko
  ['tj', 'c'], // Tjiptono -> Ciptono
  ['oe', 'u'], // Soekarno -> Sukarno
  ['ch', 'h'], // Choirul, Khoirul, Hoirul: one name
  ['kh', 'h'],
  ['dh', 'd'], // Ramadhan -> Ramadan
  ['th', 't'],
  ['ph', 'f'],
  ['q', 'k'], // Taufiq -> Taufik
  // The old j is today's y (Jusuf, Yusuf; Soejono, Suyono) and sj, nj are sy, ny: folded the other
  // way round, so that today's j (from dj) and y meet on the same letter.
  ['y', 'j'],
];

const foldedSql = (input: string): string =>
  SPELLING_FOLDS.reduce((sql, [from, to]) => `replace(${sql}, '${from}', '${to}')`, input);

/** Doubled letters written once (Muhammad, Muhamad); a chain of replace() is ~10x a regexp here. */
const singledSql = (input: string): string =>
  [...'abcdefghijklmnoprstuvwxz'].reduce(
    (sql, letter) => `replace(${sql}, '${letter}${letter}', '${letter}')`,
    input,
  );

/** Honorifics and titles dropped from the front of a name (never a name's only word). */
const HONORIFICS = [
  'bapak', 'pak', 'bpk', 'ibu', 'bu', 'haji', 'hajah', 'hajjah', 'hj', 'h', 'kh', 'kiai', 'kyai',
  'ustadz', 'ustad', 'sdr', 'sdri', 'saudara', 'saudari', 'mbak', 'mas', 'tuan', 'tn', 'nyonya',
  'ny', 'nona', 'nn', 'almarhum', 'almarhumah', 'alm', 'almh', 'prof', 'dr', 'drs', 'dra', 'ir',
]; // prettier-ignore

/** Spellings and abbreviations of Muhammad, after folding and singling. */
const MUHAMMAD = ['moh', 'muh', 'mhd', 'mohamad', 'mohamed', 'muhamat'];

const TABLES = ['victims', 'family_members', 'perpetrators'] as const;

/** The keys of a perpetrator's aliases, one after another: ` | ` keeps them apart as words. */
const ALIASES_KEY_SEPARATOR = ' | ';
const ALIASES_KEY_SQL = (aliases: string): string =>
  `array_to_string(ARRAY(SELECT person_name_key(a) FROM unnest(${aliases}) AS a), '${ALIASES_KEY_SEPARATOR}')`;

/**
 * Person search and possible duplicates of victims.
 *
 * `person_name_key(name)` is the one normaliser of personal names, used by the triggers that keep
 * `name_key` on victims, family members and perpetrators and by every query that compares names
 * (the query's own words go through the same function, so there is no second implementation to
 * drift): lower case, accents stripped, apostrophes joined (Ma'ruf), degrees after a comma and
 * honorifics in front dropped, "bin"/"binti" and the father's name after it dropped (records give
 * it or not), old spellings folded, doubled letters singled, Muhammad's spellings made one, and
 * the words sorted, so word order does not matter. PL/pgSQL: ~10 us a name here, a quarter of
 * the single SQL expression with regular expressions it replaced.
 *
 * `person_name_score(name_key, query_key)` (0..1): each query word's best match among the name's
 * words (a one-letter word, an initial, matches any word starting with it), averaged, weighted 0.7,
 * plus 0.3 of the trigram similarity of the whole keys, so fuller matches rank first.
 *
 * `victim_duplicate_flags` holds possible duplicates found after a victim is written, and the
 * decision on each; `victim_duplicate_checks` the version of each victim last checked, so the
 * sweep finds a victim whose check was lost with its job.
 */
export class PersonSearch1765000001400 implements MigrationInterface {
  name = 'PersonSearch1765000001400';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION person_name_key(name text) RETURNS text
         LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
       DECLARE
         words text[];
         first integer := 1;
         last integer;
         s text;
       BEGIN
         s := translate(lower(name), 'áàâäãåāéèêëēíìîïīóòôöõōúùûüūýÿñç''’\`',
                                     'aaaaaaaeeeeeiiiiioooooouuuuuyync');
         s := btrim(regexp_replace(split_part(s, ',', 1), '[^a-z]+', ' ', 'g'));
         IF s = '' THEN RETURN ''; END IF;
         words := string_to_array(s, ' ');
         last := cardinality(words);
         WHILE first < last AND words[first] = ANY ('{${HONORIFICS.join(',')}}'::text[]) LOOP
           first := first + 1;
         END LOOP;
         FOR i IN first + 1 .. last - 1 LOOP
           IF words[i] = ANY ('{bin,binti,bt,bte}'::text[]) THEN last := i - 1; EXIT; END IF;
         END LOOP;
         s := array_to_string(words[first:last], ' ');
         s := ${singledSql(foldedSql('s'))};
         IF position(' ' IN s) = 0 THEN
           RETURN CASE WHEN s = ANY ('{${MUHAMMAD.join(',')}}'::text[]) THEN 'muhamad' ELSE s END;
         END IF;
         RETURN array_to_string(ARRAY(
           SELECT k FROM unnest(string_to_array(s, ' ')) AS w,
             LATERAL (SELECT CASE WHEN w = ANY ('{${MUHAMMAD.join(',')}}'::text[]) THEN 'muhamad'
                                  ELSE w END AS k) m
           ORDER BY k COLLATE "C"), ' ');
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION person_name_score(name_key text, query_key text) RETURNS real
         LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       -- The same key scores 1 at once: a common name can have hundreds of exact matches.
       RETURN CASE WHEN name_key = query_key AND name_key <> '' THEN 1 ELSE (
         SELECT CASE WHEN count(*) = 0 THEN 0
                     ELSE round((0.7 * avg(best) + 0.3 * similarity(name_key, query_key))::numeric, 3)::real
                END
         FROM (SELECT (SELECT coalesce(max(CASE WHEN length(q) = 1 OR length(n) = 1
                                                THEN (left(n, 1) = left(q, 1))::int
                                                ELSE similarity(q, n) END), 0)
                       FROM regexp_split_to_table(name_key, ' ') AS n) AS best
               FROM regexp_split_to_table(query_key, ' ') AS q
               WHERE q <> '') words) END`,
    );
    await queryRunner.query(
      `CREATE FUNCTION set_person_name_key() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.name_key := person_name_key(NEW.full_name);
         RETURN NEW;
       END $$`,
    );
    // A recruiter is often known by another name ("Mami Hani"): the keys of the aliases, apart.
    await queryRunner.query(
      `CREATE FUNCTION set_perpetrator_name_keys() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.name_key := person_name_key(NEW.full_name);
         NEW.aliases_key := ${ALIASES_KEY_SQL('NEW.aliases')};
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(`ALTER TABLE perpetrators ADD COLUMN aliases_key text`);
    await queryRunner.query(`UPDATE perpetrators SET aliases_key = ${ALIASES_KEY_SQL('aliases')}`);
    for (const table of TABLES) {
      const perpetrators = table === 'perpetrators';
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN name_key text`);
      await queryRunner.query(`UPDATE ${table} SET name_key = person_name_key(full_name)`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_name_key
         BEFORE INSERT OR UPDATE OF full_name${perpetrators ? ', aliases' : ''} ON ${table}
         FOR EACH ROW EXECUTE FUNCTION ${perpetrators ? 'set_perpetrator_name_keys' : 'set_person_name_key'}()`,
      );
      await queryRunner.query(
        `CREATE INDEX ${table}_name_key_trgm_idx ON ${table} USING gin (name_key gin_trgm_ops)`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX perpetrators_aliases_key_trgm_idx ON perpetrators
       USING gin (aliases_key gin_trgm_ops)`,
    );
    // Exact search by a relative's phone (victims and perpetrators had theirs already).
    await queryRunner.query(
      `CREATE INDEX family_members_phone_hash_idx ON family_members (phone_hash)
       WHERE phone_hash IS NOT NULL`,
    );
    // The sweep's window of recently written victims.
    await queryRunner.query(`CREATE INDEX victims_updated_at_idx ON victims (updated_at)`);

    await queryRunner.query(
      `CREATE TABLE victim_duplicate_flags (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         victim_id uuid NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
         candidate_victim_id uuid NOT NULL REFERENCES victims (id) ON DELETE CASCADE,
         reason text NOT NULL CHECK (reason IN ('same_nik', 'similar_name')),
         score real NOT NULL CHECK (score >= 0 AND score <= 1),
         status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'dismissed')),
         decided_by uuid REFERENCES users (id),
         decided_by_agency_id uuid REFERENCES agencies (id),
         decided_at timestamptz,
         comment text CHECK (length(comment) <= 2000),
         version integer NOT NULL DEFAULT 1,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         CONSTRAINT victim_duplicate_flags_two_victims CHECK (victim_id <> candidate_victim_id),
         CONSTRAINT victim_duplicate_flags_decided CHECK (
           (status = 'open') = (decided_at IS NULL) AND (status = 'open') = (decided_by IS NULL)))`,
    );
    // A pair is flagged once, whichever of the two was written last.
    await queryRunner.query(
      `CREATE UNIQUE INDEX victim_duplicate_flags_pair_idx ON victim_duplicate_flags
         (least(victim_id, candidate_victim_id), greatest(victim_id, candidate_victim_id))`,
    );
    await queryRunner.query(
      `CREATE INDEX victim_duplicate_flags_candidate_idx ON victim_duplicate_flags (candidate_victim_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX victim_duplicate_flags_victim_idx ON victim_duplicate_flags (victim_id)`,
    );
    await queryRunner.query(
      `CREATE TABLE victim_duplicate_checks (
         victim_id uuid PRIMARY KEY REFERENCES victims (id) ON DELETE CASCADE,
         checked_version integer NOT NULL,
         checked_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE victim_duplicate_checks`);
    await queryRunner.query(`DROP TABLE victim_duplicate_flags`);
    await queryRunner.query(`DROP INDEX victims_updated_at_idx`);
    await queryRunner.query(`DROP INDEX family_members_phone_hash_idx`);
    for (const table of TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_name_key ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN name_key`);
    }
    await queryRunner.query(`ALTER TABLE perpetrators DROP COLUMN aliases_key`);
    await queryRunner.query(`DROP FUNCTION set_perpetrator_name_keys()`);
    await queryRunner.query(`DROP FUNCTION set_person_name_key()`);
    await queryRunner.query(`DROP FUNCTION person_name_score(text, text)`);
    await queryRunner.query(`DROP FUNCTION person_name_key(text)`);
  }
}
