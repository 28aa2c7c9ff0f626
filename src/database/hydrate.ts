import type { DataSource, EntityManager, EntityMetadata, EntityTarget } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/**
 * Turns a row of an entity's table, read as plain SQL or as JSON built by PostgreSQL, into the
 * entity, with the same conversions TypeORM applies (dates, timestamps, arrays). For reads where
 * one statement brings several tables at once (`row_to_json`, `json_agg`), which TypeORM's own
 * hydration cannot take apart.
 */
export function entityHydrator<Entity>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
): (row: Record<string, unknown>) => Entity {
  const metadata = dataSource.getMetadata(target);
  const driver = dataSource.driver;
  // A relation's own join column, when no @Column names it, carries the relation's property
  // name (`case`), not a value of the row.
  const relations = new Set(metadata.relations.map((relation) => relation.propertyName));
  const columns = metadata.columns
    .filter((column) => !relations.has(column.propertyName))
    .map((column) => ({
      column,
      databaseName: column.databaseName,
      property: column.propertyName,
    }));
  return (row) => {
    const entity = metadata.create() as Record<string, unknown>;
    for (const { column, databaseName, property } of columns) {
      entity[property] = driver.prepareHydratedValue(row[databaseName], column);
    }
    return entity as Entity;
  };
}

/**
 * Inserts rows and gives them back as the database stored them (defaults, timestamps, version),
 * in one INSERT … RETURNING: TypeORM's save() plans each row as a "subject", which cost more than
 * the statement itself for a case with its victims.
 */
export async function insertReturning<Entity extends object>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  rows: Array<QueryDeepPartialEntity<Entity>>,
  hydrate: (row: Record<string, unknown>) => Entity,
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(target)
    .values(rows)
    .returning('*')
    .execute();
  return (result.raw as Array<Record<string, unknown>>).map(hydrate);
}

const columnsByProperty = new WeakMap<EntityMetadata, Map<string, ColumnMetadata>>();

/**
 * The column of an entity's property. TypeORM's own lookup scans every column, which on a create's
 * hot path (some 70 properties) cost more than it should; the metadata never changes once built.
 */
export function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  let columns = columnsByProperty.get(metadata);
  if (!columns) {
    columns = new Map();
    // The first column of a property wins, as in TypeORM's lookup.
    for (const column of metadata.columns) {
      if (!columns.has(column.propertyName)) columns.set(column.propertyName, column);
    }
    columnsByProperty.set(metadata, columns);
  }
  const column = columns.get(property);
  if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
  return column;
}

/** The columns an INSERT of rows defining these properties names, with its SQL up to the JSON. */
interface InsertShape {
  columns: ColumnMetadata[];
  sqlBeforeParameter: string;
}

/**
 * Insert shapes by table and set of defined properties, found once: looking each property's column
 * up in TypeORM's metadata (a scan of every column) was a per-create cost of a few percent.
 */
const insertShapes = new WeakMap<EntityMetadata, Map<string, InsertShape>>();

function insertShapeFor(metadata: EntityMetadata, key: string): InsertShape {
  let shapes = insertShapes.get(metadata);
  if (!shapes) {
    shapes = new Map();
    insertShapes.set(metadata, shapes);
  }
  let shape = shapes.get(key);
  if (!shape) {
    const columns = (key === '' ? [] : key.split(',')).map((property) =>
      columnOf(metadata, property),
    );
    const names = columns.map((column) => column.databaseName).join(', ');
    const table = metadata.tableName;
    shape = {
      columns,
      sqlBeforeParameter: `INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, `,
    };
    shapes.set(key, shape);
  }
  return shape;
}

/**
 * INSERTs of an entity's rows passed as JSON parameters (`json_populate_recordset`), for a
 * data-modifying WITH that writes several tables in one statement. A property left undefined must
 * take its column's default, which a JSON row cannot say (a missing key reads as NULL): rows are
 * grouped by the properties they define, one INSERT per group naming only those columns.
 */
export function jsonRowsInserts<Entity extends object>(
  dataSource: DataSource,
  target: EntityTarget<Entity>,
  rows: Array<Partial<Entity>>,
  parameterAt: (groupIndex: number) => string,
  options: { returning: boolean },
): Array<{ sql: string; json: string }> {
  const metadata = dataSource.getMetadata(target);
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const row of rows as Array<Record<string, unknown>>) {
    const defined = Object.keys(row).filter((property) => row[property] !== undefined);
    const key = defined.join(',');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()].map(([key, members], groupIndex) => {
    const { columns, sqlBeforeParameter } = insertShapeFor(metadata, key);
    const json = members.map((row) => {
      const values: Record<string, unknown> = {};
      for (const column of columns) {
        values[column.databaseName] = dataSource.driver.preparePersistentValue(
          row[column.propertyName],
          column,
        );
      }
      return values;
    });
    return {
      sql:
        `${sqlBeforeParameter}${parameterAt(groupIndex)}::json)` +
        (options.returning ? ' RETURNING *' : ''),
      json: JSON.stringify(json),
    };
  });
}
