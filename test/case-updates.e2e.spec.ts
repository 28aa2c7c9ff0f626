import { UserRole } from '../src/modules/users/user-role';
import { ahmadJayaniCase } from './support/case-fixtures';
import { bearer, createAgency, createUser, SignedInUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('correcting case records', () => {
  let t: TestApp;
  let caseworker: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    const agency = await createAgency(t, {
      shortName: 'Disnakertrans Lampung Selatan',
      regionCode: '18.01',
    });
    caseworker = await createUser(t, UserRole.Caseworker, { agencyId: agency.id });
  });
  afterAll(() => t.close());

  it('clears a wrongly reported death with nulls, and refuses to keep death details for a living victim', async () => {
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set(...bearer(caseworker))
      .send(ahmadJayaniCase());
    const victim = created.body.victims[0];
    const kept = await t
      .http()
      .patch(`/api/v1/victims/${victim.id}`)
      .set(...bearer(caseworker))
      .send({ currentSituation: 'detained', version: victim.version });
    expect(kept.status).toBe(400);
    expect(kept.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'deathCause',
      'deathCountry',
      'deathDate',
      'remainsStatus',
    ]);

    const corrected = await t
      .http()
      .patch(`/api/v1/victims/${victim.id}`)
      .set(...bearer(caseworker))
      .send({
        currentSituation: 'detained',
        deathDate: null,
        deathCountry: null,
        deathCause: null,
        remainsStatus: null,
        version: victim.version,
      });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      currentSituation: 'detained',
      deathDate: null,
      remainsStatus: null,
      nikMasked: '************0003',
    });
    // Detained abroad is still critical.
    const after = await t
      .http()
      .get(`/api/v1/cases/${created.body.id}`)
      .set(...bearer(caseworker));
    expect(after.body.suggestedPriority).toBe('critical');

    const refused = await t
      .http()
      .patch(`/api/v1/victims/${victim.id}`)
      .set(...bearer(caseworker))
      .send({ fullName: null, version: corrected.body.version });
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields[0].field).toBe('fullName');
  });

  it('changes only what a partial update names, for victims and cases alike', async () => {
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set(...bearer(caseworker))
      .send(ahmadJayaniCase());
    const victim = created.body.victims[0];
    const patched = await t
      .http()
      .patch(`/api/v1/victims/${victim.id}`)
      .set(...bearer(caseworker))
      .send({ occupationAbroad: 'call centre', version: victim.version });
    expect(patched.status).toBe(200);
    const strip = ({
      version: _v,
      updatedAt: _u,
      occupationAbroad: _o,
      familyMembers: _f,
      ...rest
    }: Record<string, unknown>) => rest;
    expect(strip(patched.body)).toEqual(strip(victim));
    expect(patched.body.occupationAbroad).toBe('call centre');
    const identity = await t
      .http()
      .get(`/api/v1/victims/${victim.id}/identity`)
      .set(...bearer(caseworker));
    expect(identity.body).toMatchObject({ nik: '1801061203880003', phone: '+6281234567890' });

    const current = await t
      .http()
      .get(`/api/v1/cases/${created.body.id}`)
      .set(...bearer(caseworker));
    const retried = await t
      .http()
      .patch(`/api/v1/cases/${created.body.id}`)
      .set(...bearer(caseworker))
      .send({ tags: ['kamboja'], version: current.body.version });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      title: created.body.title,
      summary: created.body.summary,
      exploitationCountry: 'KH',
      incidentDate: '2024-05-11',
      tags: ['kamboja'],
    });
  });

  it('unassigns a caseworker with null, and pages the timeline', async () => {
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set(...bearer(caseworker))
      .send(ahmadJayaniCase({ assignedCaseworkerId: caseworker.id }));
    expect(created.body.assignedCaseworkerId).toBe(caseworker.id);
    const unassigned = await t
      .http()
      .patch(`/api/v1/cases/${created.body.id}`)
      .set(...bearer(caseworker))
      .send({ assignedCaseworkerId: null, version: created.body.version });
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.assignedCaseworkerId).toBeNull();

    const all = await t
      .http()
      .get(`/api/v1/cases/${created.body.id}/timeline`)
      .set(...bearer(caseworker));
    expect(all.body.items.length).toBeGreaterThan(4);
    expect(all.body.items[all.body.items.length - 1]).toMatchObject({
      action: 'case.assigned',
      changes: { assignedCaseworkerId: { from: caseworker.id, to: null } },
    });
    const firstPage = await t
      .http()
      .get(`/api/v1/cases/${created.body.id}/timeline?limit=2`)
      .set(...bearer(caseworker));
    const nextPage = await t
      .http()
      .get(`/api/v1/cases/${created.body.id}/timeline?limit=100&after=${firstPage.body.nextCursor}`)
      .set(...bearer(caseworker));
    expect(firstPage.body.nextCursor).toBe(firstPage.body.items[1].id);
    expect(
      [...firstPage.body.items, ...nextPage.body.items].map((e: { id: string }) => e.id),
    ).toEqual(all.body.items.map((e: { id: string }) => e.id));
    const bad = await t
      .http()
      .get(`/api/v1/cases/${created.body.id}/timeline?after=abc`)
      .set(...bearer(caseworker));
    expect(bad.status).toBe(400);
  });
});
