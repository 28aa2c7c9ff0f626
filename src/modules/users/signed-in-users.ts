import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type UserAuthState, UsersRepository } from './users.repository';

/** The channel the `users_announce_auth_change` trigger speaks on (migration 1765000000700). */
export const USER_AUTH_CHANNEL = 'jejak_user_auth';
/** A bound on memory, not on staleness: changes are announced, see below. */
const MAX_USERS = 10_000;
const REMEMBER_MS = 30_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

interface Remembered {
  state: UserAuthState;
  until: number;
}

/**
 * The auth state of signed-in users (role, agency, disabled, token version), read from the
 * database once and then kept in memory: the guard asks on every request, and a primary-key read
 * per request was a round trip and a sixth of a read's cost.
 *
 * Memory never outlives a change. PostgreSQL announces every change of these columns after its
 * commit (a trigger, NOTIFY), to every process listening; this process forgets the user as soon as
 * the announcement arrives, and also at once when it made the change itself. Nothing is
 * remembered while the listening connection is down (the guard then reads every time), and a read
 * that an announcement overtook is not remembered either: it may hold the state before the change.
 */
@Injectable()
export class SignedInUsers implements OnApplicationShutdown {
  private readonly logger = new Logger(SignedInUsers.name);
  private readonly remembered = new Map<string, Remembered>();
  /** Bumped by every announcement and every loss of the listener: reads begun before do not stay. */
  private generation = 0;
  private listener: Client | undefined;
  private listening = false;
  private connecting = false;
  private reconnectDelayMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async find(id: string): Promise<UserAuthState | null> {
    const now = Date.now();
    if (this.listening) {
      const hit = this.remembered.get(id);
      if (hit && hit.until > now) return hit.state;
    } else {
      // Lazily: a worker process, which never checks tokens, never holds the connection.
      this.listen();
    }
    const generation = this.generation;
    const state = await this.users.findAuthState(id);
    if (state && this.listening && generation === this.generation) this.remember(state, now);
    return state;
  }

  /** For changes made by this process: forgotten now, not when the announcement comes back. */
  forget(id: string): void {
    this.generation++;
    this.remembered.delete(id);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.dropListener();
  }

  private remember(state: UserAuthState, now: number): void {
    this.remembered.delete(state.id);
    if (this.remembered.size >= MAX_USERS) {
      // Maps iterate in insertion order: the first key is the longest remembered.
      const oldest = this.remembered.keys().next();
      if (!oldest.done) this.remembered.delete(oldest.value);
    }
    this.remembered.set(state.id, { state, until: now + REMEMBER_MS });
  }

  private listen(): void {
    if (this.connecting || this.listening || this.stopped || this.reconnectTimer) return;
    this.connecting = true;
    const client = new Client({
      connectionString: this.config.database.url,
      connectionTimeoutMillis: 5_000,
      application_name: 'jejak-auth-listener',
      keepAlive: true,
    });
    client.on('notification', (message) => {
      this.generation++;
      if (message.payload) this.remembered.delete(message.payload);
    });
    client.on('error', (error) => this.lostListener(client, error));
    client.on('end', () => this.lostListener(client));
    this.listener = client;
    client
      .connect()
      .then(() => client.query(`LISTEN ${USER_AUTH_CHANNEL}`))
      .then(() => {
        this.connecting = false;
        if (this.stopped || this.listener !== client) return;
        // Announcements made before LISTEN never reach us: start from nothing.
        this.generation++;
        this.remembered.clear();
        this.listening = true;
        this.reconnectDelayMs = RECONNECT_MIN_MS;
      })
      .catch((error: Error) => {
        this.connecting = false;
        this.lostListener(client, error);
      });
  }

  private lostListener(client: Client, error?: Error): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    this.listening = false;
    this.generation++;
    this.remembered.clear();
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(
      { err: error ? { type: error.name, code: (error as { code?: string }).code } : undefined },
      'Lost the user-change listener; checking users on every request until it is back',
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.listen();
    }, this.reconnectDelayMs);
    this.reconnectTimer.unref();
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
  }

  private async dropListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    this.listening = false;
    this.remembered.clear();
    if (client) await client.end().catch(() => undefined);
  }
}
