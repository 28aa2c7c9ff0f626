import type { DataSource, EntityManager, EntityTarget } from 'typeorm';
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
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].map(([key, members], groupIndex) => {
    const columns = (key === '' ? [] : key.split(',')).map((property) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
      return column;
    });
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
    const names = columns.map((column) => column.databaseName).join(', ');
    const table = metadata.tableName;
    return {
      sql:
        `INSERT INTO ${table} (${names}) SELECT ${names} ` +
        `FROM json_populate_recordset(NULL::${table}, ${parameterAt(groupIndex)}::json)` +
        (options.returning ? ' RETURNING *' : ''),
      json: JSON.stringify(json),
    };
  });
}
