import { UserRole } from '../src/modules/users/user-role';
import {
  bearer,
  createAgency,
  createUser,
  FACTORY_PASSWORD,
  SignedInUser,
} from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface AuditEvent {
  id: string;
  action: string;
  actorId: string | null;
  requestId: string | null;
  entityType: string;
  entityId: string;
  agencyId: string | null;
  changes: Record<string, unknown> | null;
}

describe('audit of staff and agency administration, and of sign-ins', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let lampungSupervisor: SignedInUser;
  let lampungCaseworker: SignedInUser;
  let banyuwangiSupervisor: SignedInUser;
  let lampungId: string;
  let banyuwangiId: string;

  beforeAll(async () => {
    t = await startTestApp();
    lampungId = (await createAgency(t, { shortName: 'Disnakertrans Lampung Selatan' })).id;
    banyuwangiId = (
      await createAgency(t, { shortName: 'Disnaker Banyuwangi', regionCode: '35.10' })
    ).id;
    admin = await createUser(t, UserRole.Admin);
    lampungSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: lampungId });
    lampungCaseworker = await createUser(t, UserRole.Caseworker, { agencyId: lampungId });
    banyuwangiSupervisor = await createUser(t, UserRole.Supervisor, { agencyId: banyuwangiId });
  });
  afterAll(() => t.close());

  function send(
    user: SignedInUser,
    method: 'get' | 'post' | 'patch' | 'delete',
    url: string,
    body?: object,
  ) {
    const request = t
      .http()
      [method](`/api/v1${url}`)
      .set(...bearer(user));
    return body === undefined ? request : request.send(body);
  }

  async function trail(user: SignedInUser, query: string): Promise<AuditEvent[]> {
    const response = await send(user, 'get', `/audit?${query}`);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  it('records creating a user, a role and agency change, disabling, enabling and password links', async () => {
    const email = 'rina.staff@disnaker-lampung.example.org';
    const created = await send(admin, 'post', '/users', {
      email,
      fullName: 'Rina Wulandari',
      role: UserRole.Caseworker,
      agencyId: lampungId,
    });
    expect(created.status).toBe(201);
    const userId = created.body.id as string;
    const promoted = await send(admin, 'patch', `/users/${userId}`, {
      role: UserRole.Supervisor,
      version: created.body.version,
    });
    expect(promoted.status).toBe(200);
    const moved = await send(admin, 'patch', `/users/${userId}`, {
      agencyId: banyuwangiId,
      version: promoted.body.version,
    });
    expect(moved.status).toBe(200);
    expect((await send(admin, 'post', `/users/${userId}/disable`)).status).toBe(200);
    expect((await send(admin, 'post', `/users/${userId}/enable`)).status).toBe(200);
    expect((await send(admin, 'post', `/users/${userId}/password-link`)).status).toBeLessThan(300);

    const all = await trail(admin, `entity=user&id=${userId}`);
    expect(all.map((e) => [e.action, e.agencyId])).toEqual([
      ['user.created', lampungId],
      ['user.password_link_issued', lampungId],
      ['user.updated', lampungId],
      ['user.updated', lampungId],
      ['user.updated', banyuwangiId],
      ['user.disabled', banyuwangiId],
      ['user.enabled', banyuwangiId],
      ['user.password_link_issued', banyuwangiId],
    ]);
    expect(all.every((e) => e.actorId === admin.id && e.requestId)).toBe(true);
    expect(all[2].changes).toEqual({ role: { from: 'caseworker', to: 'supervisor' } });
    expect(all[3].changes).toEqual({ agencyId: { from: lampungId, to: banyuwangiId } });
    expect(all[0].changes).toMatchObject({
      role: { from: null, to: 'caseworker' },
      email: { from: null, to: '[redacted]' },
      fullName: { from: null, to: '[redacted]' },
    });
    expect(JSON.stringify(all)).not.toMatch(/rina|Wulandari/i);

    // Each agency's supervisors read what concerned their agency, and nothing after it left.
    const lampungView = await trail(lampungSupervisor, `entity=user&id=${userId}`);
    expect(lampungView.map((e) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    const banyuwangiView = await trail(banyuwangiSupervisor, `entity=user&id=${userId}`);
    expect(banyuwangiView.map((e) => e.id)).toEqual(all.slice(4).map((e) => e.id));
    const refused = await send(lampungCaseworker, 'get', `/audit?entity=user&id=${userId}`);
    expect(refused.status).toBe(403);
  });

  it('records creating, changing and deleting an agency, showing where messages go but no mailbox or URL secret', async () => {
    const created = await send(admin, 'post', '/agencies', {
      name: 'LBH Bandar Lampung',
      shortName: 'LBH Bandar Lampung',
      type: 'legal_aid',
      level: 'regency',
      regionCode: '18.71',
      contactEmails: ['pengaduan@lbh-bandarlampung.example.org'],
      webhookUrl: 'https://hooks.lbh.example.org/jejak?token=s3cr3t-token',
    });
    expect(created.status).toBe(201);
    const agencyId = created.body.id as string;
    const changed = await send(admin, 'patch', `/agencies/${agencyId}`, {
      contactEmails: ['someone.private@gmail.example.com'],
      webhookUrl: 'https://attacker.example.net/collect',
      escalationContactName: 'Budi Santoso',
      version: created.body.version,
    });
    expect(changed.status).toBe(200);
    expect((await send(admin, 'delete', `/agencies/${agencyId}`)).status).toBe(204);

    const events = await trail(admin, `entity=agency&id=${agencyId}`);
    expect(events.map((e) => e.action)).toEqual([
      'agency.created',
      'agency.updated',
      'agency.deleted',
    ]);
    expect(events[1].changes).toEqual({
      contactEmails: { from: ['*@lbh-bandarlampung.example.org'], to: ['*@gmail.example.com'] },
      webhookUrl: { from: 'https://hooks.lbh.example.org', to: 'https://attacker.example.net' },
      escalationContactName: { from: null, to: '[redacted]' },
    });
    const text = JSON.stringify(events);
    for (const secret of ['pengaduan', 'someone.private', 's3cr3t', 'Budi', '/collect'])
      expect(text).not.toContain(secret);

    // A supervisor reads their own agency's trail, not another's.
    const ownChange = await send(admin, 'patch', `/agencies/${lampungId}`, {
      webhookUrl: 'https://sim.lampung.example.org/hook',
      version: 1,
    });
    expect(ownChange.status).toBe(200);
    const own = await trail(lampungSupervisor, `entity=agency&id=${lampungId}`);
    expect(own.map((e) => e.action)).toEqual(['agency.updated']);
    const foreign = await send(banyuwangiSupervisor, 'get', `/audit?entity=agency&id=${lampungId}`);
    expect(foreign.status).toBe(404);
    expect(await trail(lampungSupervisor, 'entity=agency')).toEqual(own);
  });

  it('records sign-ins and refused sign-ins, never the password, never an unknown address in clear', async () => {
    const login = (email: string, password: string) =>
      t.http().post('/api/v1/auth/login').send({ email, password });
    const wrongPassword = 'not-the-password-42';
    expect((await login(lampungCaseworker.email, wrongPassword)).status).toBe(401);
    expect((await login(lampungCaseworker.email, FACTORY_PASSWORD)).status).toBe(200);
    const typedAddress = 'Ghost.User@Nowhere.example.org';
    expect((await login(typedAddress, wrongPassword)).status).toBe(401);
    expect((await login(' ghost.user@nowhere.example.org', wrongPassword)).status).toBe(401);
    expect((await login('other.ghost@nowhere.example.org', wrongPassword)).status).toBe(401);

    const events = await trail(lampungSupervisor, `entity=user&id=${lampungCaseworker.id}`);
    expect(events.map((e) => [e.action, e.changes])).toEqual([
      ['user.signed_in', null],
      ['user.sign_in_refused', { reason: 'wrong_password' }],
      ['user.signed_in', null],
    ]);
    expect(events.every((e) => e.requestId)).toBe(true);
    expect(events[0].actorId).toBe(lampungCaseworker.id);
    expect(events[1].actorId).toBeNull();
    expect(
      (await send(banyuwangiSupervisor, 'get', `/audit?entity=user&id=${lampungCaseworker.id}`))
        .status,
    ).toBe(404);

    // One pseudonym per address, the same for every try of it: attempts can be counted.
    const unknown = await trail(admin, 'entity=unknown_account');
    expect(unknown.map((e) => e.action)).toEqual(Array(3).fill('unknown_account.sign_in_refused'));
    expect(unknown[0].entityId).toBe(unknown[1].entityId);
    expect(unknown[2].entityId).not.toBe(unknown[0].entityId);
    expect(await trail(lampungSupervisor, 'entity=unknown_account')).toEqual([]);

    const stored = await t.db.query('SELECT * FROM audit_events');
    const everything = JSON.stringify(stored.rows).toLowerCase();
    for (const secret of [wrongPassword, FACTORY_PASSWORD, 'ghost', 'nowhere.example'])
      expect(everything).not.toContain(secret);
  });
});
