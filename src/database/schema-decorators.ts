import { Check, Index, JoinColumn, ManyToOne, ObjectType } from 'typeorm';

/**
 * The migrations own the schema. These decorators only name, on the entities, the constraints and
 * indexes the migrations created, so that `migration:generate` (which compares them by name) sees
 * entities and database agree and proposes nothing.
 */
export const CheckFromMigration = (name: string): ClassDecorator & PropertyDecorator =>
  Check(name, 'true /* defined in the migration */');

export const IndexFromMigration = (name: string): ClassDecorator & PropertyDecorator =>
  Index(name, { synchronize: false });

/**
 * A foreign key created by a migration, on a column the entity also maps as a plain id. The target
 * may be an entity's class name, for infrastructure whose rows point at a feature's table without
 * importing the feature.
 */
export function ForeignKeyFromMigration<T>(
  target: string | (() => ObjectType<T>),
  column: string,
  constraint: string,
  options: { onDelete?: 'CASCADE' } = {},
): PropertyDecorator {
  return (prototype: object, property: string | symbol) => {
    ManyToOne(target, { nullable: true, createForeignKeyConstraints: true, ...options })(
      prototype,
      property,
    );
    JoinColumn({ name: column, foreignKeyConstraintName: constraint })(prototype, property);
  };
}
