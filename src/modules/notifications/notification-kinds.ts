import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Notification } from './notification.entity';
import { NotificationKind } from './notification.enums';
import type { ScheduledNotification } from './notifications.repository';
import type { RenderedMessage } from './rendered-message';

/** What a feature decides about one row when it is due: send it (and what), or cancel it. */
export type PreparedNotification =
  | { send: false; reason: string }
  | {
      send: true;
      message: RenderedMessage;
      /** Email recipients; empty when the address is gone (the delivery then fails, visibly). */
      emailTo: string[];
      /** The webhook call for a webhook row; null when the recipient has no webhook any more. */
      webhook: { url: string; secret: string; body: unknown } | null;
    };

/**
 * A feature's notification kinds, registered with the engine at start-up: the engine claims,
 * sends, retries and settles rows without knowing what they are about.
 */
export interface NotificationKindHandler {
  readonly kinds: readonly NotificationKind[];
  /**
   * Reads what the message needs from the current rows, at delivery, so a corrected date or a
   * renewed link is what goes out; a throw counts as a failed attempt.
   */
  prepare(row: Notification): Promise<PreparedNotification>;
  /**
   * `prepare` for the rows of one delivery batch, in one read: one result per row, in their
   * order. A throw fails every row's attempt; without it the engine prepares them one by one.
   */
  prepareMany?(rows: readonly Notification[]): Promise<PreparedNotification[]>;
  /**
   * What follows a row, delivered or failed for good: run once per row by the engine, inside the
   * transaction that settles it, with the database's time of settling. Deliveries that finish
   * together are settled together: every row of such a batch is already marked and settled (with
   * the same `settled_at`) when the first follow-up runs, so one that looks at sibling rows (the
   * other channel of the same reminder) must tell them apart by that time and their ids.
   */
  afterSettled?(
    manager: EntityManager,
    row: Notification,
    settledAt: Date,
  ): Promise<ScheduledNotification[]>;
  /**
   * `afterSettled` for the rows of one batch that settled for the first time, in one go (one
   * lock, one insert for all): the engine calls it instead of `afterSettled` for a batch.
   */
  afterSettledMany?(
    manager: EntityManager,
    settled: ReadonlyArray<{ row: Notification; settledAt: Date }>,
  ): Promise<ScheduledNotification[]>;
}

/** The column and check constraint that list the kinds a notification row may have. */
const KIND_CHECK = /^CHECK \(\(kind = ANY \(ARRAY\[(.+)\]\)\)\)$/;

/**
 * Which feature handles which kind. Features register from their modules' `onModuleInit`; at
 * start-up, once every module registered, the kinds the database accepts are checked against
 * the registrations, so a kind added to the schema without its feature's handler (or the other
 * way round) stops the process before any row of it could wait for ever.
 */
@Injectable()
export class NotificationKinds implements OnApplicationBootstrap {
  private readonly handlers = new Map<NotificationKind, NotificationKindHandler>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  register(handler: NotificationKindHandler): void {
    for (const kind of handler.kinds) {
      if (this.handlers.has(kind))
        throw new Error(`Notification kind "${kind}" is registered twice`);
      this.handlers.set(kind, handler);
    }
  }

  handlerFor(kind: NotificationKind): NotificationKindHandler {
    const handler = this.handlers.get(kind);
    if (!handler) throw new Error(`No feature handles notification kind "${kind}"`);
    return handler;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.assertCovers(await this.kindsInSchema());
  }

  /** Every kind the schema accepts has exactly one handler, and no handler has another kind. */
  assertCovers(kindsInSchema: readonly string[]): void {
    const registered = [...this.handlers.keys()] as string[];
    const unhandled = kindsInSchema.filter((kind) => !registered.includes(kind));
    const unknown = registered.filter((kind) => !kindsInSchema.includes(kind));
    const problems = [
      ...(unhandled.length > 0 ? [`no handler for ${unhandled.join(', ')}`] : []),
      ...(unknown.length > 0
        ? [`handlers for kinds the schema refuses: ${unknown.join(', ')}`]
        : []),
    ];
    if (problems.length > 0)
      throw new Error(`Notification kinds do not match the schema: ${problems.join('; ')}`);
  }

  private async kindsInSchema(): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ definition: string }>>(
      `SELECT pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
       WHERE conrelid = 'notifications'::regclass AND contype = 'c'`,
    );
    const kinds = rows
      .map((row) => KIND_CHECK.exec(row.definition)?.[1])
      .find((list) => list !== undefined);
    if (!kinds) throw new Error('The notifications table has no check constraint on its kind');
    return [...kinds.matchAll(/'([^']+)'::text/g)].map((match) => match[1]);
  }
}
