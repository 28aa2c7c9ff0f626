import type { DataSource, EntityTarget } from 'typeorm';

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
