import { createAgency, bearer, createUser, SignedInUser } from './support/factories';
import { referralWorld, ReferralWorld } from './support/referral-fixtures';
import {
  auditOf,
  createReachableAgency,
  createReferral,
  endOfNthWorkingDay,
  fieldsOf,
  holidayDays,
  legalAidReferral,
  nextWorkingDay,
  notificationsOf,
  otherCaseWithFamily,
  referralCounts,
  referralRow,
  sendReferral,
} from './support/referral-helpers';
import { startTestApp, TestApp } from './support/test-app';
import { UserRole } from '../src/modules/users/user-role';

jest.setTimeout(30_000);

const NOWHERE = '00000000-0000-4000-8000-000000000000';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Method = 'get' | 'post' | 'patch';

describe('referrals through the API', () => {
  let t: TestApp;
  let world: ReferralWorld;
  let viewer: SignedInUser;
  let outsider: SignedInUser;
  let otherLiaison: SignedInUser;
  let otherCase: { caseId: string; victimId: string; familyMemberId: string };

  const call = (user: SignedInUser, method: Method, path: string, body?: object) => {
    const request = t
      .http()
      [method](`/api/v1${path}`)
      .set(...bearer(user));
    return body === undefined ? request : request.send(body);
  };

  const draft = (extra: object = {}) =>
    createReferral(t, world.caseworker, world.caseId, legalAidReferral(world, extra));

  const sent = (extra: object = {}) =>
    createReferral(
      t,
      world.caseworker,
      world.caseId,
      legalAidReferral(world, { ...extra, send: true }),
    );

  beforeAll(async () => {
    // API role only: no delivery worker runs, so notification rows stay as the API wrote them.
    t = await startTestApp({ env: { APP_ROLE: 'api' } });
    world = await referralWorld(t);
    viewer = await createUser(t, UserRole.Viewer, { agencyId: world.referringAgencyId });
    outsider = await createUser(t, UserRole.Caseworker);
    otherLiaison = await createUser(t, UserRole.AgencyLiaison);
    otherCase = await otherCaseWithFamily(t, world.caseworker);
  });
  afterAll(() => t?.close());

  describe('drafting, editing and sending', () => {
    it('creates a draft, edits it with its version, refuses a stale version, sends it, then refuses edits', async () => {
      const created = await draft({ priority: 'high' });
      expect(created).toMatchObject({ status: 'draft', version: 1, priority: 'high' });
      expect(created.sentAt).toBeNull();
      expect(created.dueAt).toBeNull();

      const edited = await call(world.caseworker, 'patch', `/referrals/${created.id}`, {
        version: 1,
        priority: 'normal',
        request: 'Mohon pendampingan hukum dan pengajuan restitusi.',
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        version: 2,
        priority: 'normal',
        request: 'Mohon pendampingan hukum dan pengajuan restitusi.',
        status: 'draft',
      });

      const before = await referralRow(t, created.id);
      const stale = await call(world.caseworker, 'patch', `/referrals/${created.id}`, {
        version: 1,
        priority: 'low',
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'REFERRAL.VERSION_CONFLICT',
        details: { currentVersion: 2 },
      });
      expect(await referralRow(t, created.id)).toEqual(before);

      const staleSend = await call(world.caseworker, 'post', `/referrals/${created.id}/send`, {
        version: 1,
      });
      expect(staleSend.status).toBe(409);
      expect((await referralRow(t, created.id)).status).toBe('draft');

      const sentNow = await sendReferral(t, world.caseworker, { id: created.id, version: 2 });
      expect(sentNow).toMatchObject({ status: 'sent', version: 3, sentBy: world.caseworker.id });
      expect(sentNow.sentAt).not.toBeNull();

      const afterSend = await call(world.caseworker, 'patch', `/referrals/${created.id}`, {
        version: 3,
        reason: 'Diubah setelah dikirim.',
      });
      expect(afterSend.status).toBe(409);
      expect(afterSend.body).toMatchObject({
        code: 'REFERRAL.NOT_DRAFT',
        details: { status: 'sent' },
      });
      const resend = await call(world.caseworker, 'post', `/referrals/${created.id}/send`, {
        version: 3,
      });
      expect(resend.status).toBe(409);
      expect(resend.body.code).toBe('REFERRAL.NOT_DRAFT');
      const row = await referralRow(t, created.id);
      expect(row).toMatchObject({ status: 'sent', version: 3 });

      const actions = (await auditOf(t, created.id)).map((a) => a.action);
      expect(actions).toEqual(['referral.created', 'referral.updated', 'referral.sent']);
    });
  });

  describe('deadlines', () => {
    const ZONE = 'Asia/Jayapura';

    it('counts the seeded legal_aid/normal policy in working days, to the end of the local day, and follows an added holiday', async () => {
      const policies = await call(
        world.caseworker,
        'get',
        '/sla-policies?service=legal_aid&priority=normal',
      );
      expect(policies.status).toBe(200);
      const [policy] = policies.body.items as Array<Record<string, unknown>>;
      expect(policy).toMatchObject({
        acknowledgeAmount: 2,
        acknowledgeUnit: 'working_days',
        completeAmount: 20,
        completeUnit: 'working_days',
      });

      const agency = await createReachableAgency(t, { timeZone: ZONE });
      const first = await createReferral(
        t,
        world.caseworker,
        world.caseId,
        legalAidReferral(world, { agencyId: agency.id, send: true }),
      );
      expect(first.timeZone).toBe(ZONE);
      const sentAt1 = new Date(first.sentAt!);
      const holidays = await holidayDays(t);
      expect(new Date(first.acknowledgeDueAt!).toISOString()).toBe(
        endOfNthWorkingDay(sentAt1, 2, ZONE, holidays).toISOString(),
      );
      expect(new Date(first.dueAt!).toISOString()).toBe(
        endOfNthWorkingDay(sentAt1, 20, ZONE, holidays).toISOString(),
      );
      // The end of a local day in Jayapura (UTC+9) is 14:59:59.999 UTC.
      expect(first.acknowledgeDueAt).toMatch(/T14:59:59\.999Z$/);
      expect(first.dueAt).toMatch(/T14:59:59\.999Z$/);

      // A new holiday on the next working day pushes both deadlines by one working day.
      const holiday = nextWorkingDay(new Date(), ZONE, holidays);
      const added = await call(world.admin, 'post', '/holidays', {
        day: holiday,
        name: 'Cuti bersama (uji)',
      });
      expect(added.status).toBe(201);
      // The same day again is refused, and the first holiday keeps its name.
      const again = await call(world.admin, 'post', '/holidays', { day: holiday, name: 'Lain' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('HOLIDAY.EXISTS');
      const { rows: named } = await t.db.query(`SELECT name FROM holidays WHERE day = $1`, [
        holiday,
      ]);
      expect(named).toEqual([{ name: 'Cuti bersama (uji)' }]);
      const withHoliday = await holidayDays(t);
      expect(withHoliday.has(holiday)).toBe(true);

      const second = await createReferral(
        t,
        world.caseworker,
        world.caseId,
        legalAidReferral(world, { agencyId: agency.id, send: true }),
      );
      const sentAt2 = new Date(second.sentAt!);
      const ackWith = endOfNthWorkingDay(sentAt2, 2, ZONE, withHoliday);
      const ackWithout = endOfNthWorkingDay(sentAt2, 2, ZONE, holidays);
      const dueWith = endOfNthWorkingDay(sentAt2, 20, ZONE, withHoliday);
      const dueWithout = endOfNthWorkingDay(sentAt2, 20, ZONE, holidays);
      expect(new Date(second.acknowledgeDueAt!).toISOString()).toBe(ackWith.toISOString());
      expect(new Date(second.dueAt!).toISOString()).toBe(dueWith.toISOString());
      expect(ackWith.getTime()).toBeGreaterThan(ackWithout.getTime());
      expect(dueWith.getTime()).toBeGreaterThan(dueWithout.getTime());
    });

    it('uses a due date chosen by hand with a reason, and never asks for acknowledgement after it', async () => {
      const far = new Date(Date.now() + 45 * DAY);
      far.setUTCMilliseconds(0);
      const overridden = await sent({
        dueAt: far.toISOString(),
        dueOverrideReason: 'Sidang dijadwalkan.',
      });
      expect(new Date(overridden.dueAt!).toISOString()).toBe(far.toISOString());
      expect(new Date(overridden.requestedDueAt!).toISOString()).toBe(far.toISOString());
      expect(overridden.dueOverrideReason).toBe('Sidang dijadwalkan.');
      const holidays = await holidayDays(t);
      expect(new Date(overridden.acknowledgeDueAt!).toISOString()).toBe(
        endOfNthWorkingDay(new Date(overridden.sentAt!), 2, 'Asia/Jakarta', holidays).toISOString(),
      );
      const stored = await referralRow(t, overridden.id);
      expect((stored.due_at as Date).toISOString()).toBe(far.toISOString());

      const soon = new Date(Date.now() + 2 * HOUR);
      soon.setUTCMilliseconds(0);
      const urgent = await sent({
        dueAt: soon.toISOString(),
        dueOverrideReason: 'Sangat mendesak.',
      });
      expect(new Date(urgent.dueAt!).toISOString()).toBe(soon.toISOString());
      expect(new Date(urgent.acknowledgeDueAt!).toISOString()).toBe(soon.toISOString());
    });

    it('refuses a due date without a reason, and changes nothing', async () => {
      const before = await referralCounts(t);
      const response = await call(
        world.caseworker,
        'post',
        `/cases/${world.caseId}/referrals`,
        legalAidReferral(world, { dueAt: new Date(Date.now() + 30 * DAY).toISOString() }),
      );
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['dueOverrideReason']);
      expect(await referralCounts(t)).toEqual(before);
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, () => object, string[]]> = [
      ['an unknown agency', () => legalAidReferral(world, { agencyId: NOWHERE }), ['agencyId']],
      [
        'the owning agency as receiver',
        () => legalAidReferral(world, { agencyId: world.referringAgencyId }),
        ['agencyId'],
      ],
      [
        'a victim of another case',
        () => legalAidReferral(world, { victimIds: [otherCase.victimId] }),
        ['victimIds'],
      ],
      [
        'a family member of another case',
        () =>
          legalAidReferral(world, {
            familyMemberIds: [otherCase.familyMemberId],
            sharedFields: ['full_name', 'family_contacts'],
          }),
        ['familyMemberIds'],
      ],
      [
        'shared victim fields without victims',
        () => legalAidReferral(world, { victimIds: [], sharedFields: ['full_name', 'nik'] }),
        ['victimIds'],
      ],
      [
        'family_contacts without family members',
        () => legalAidReferral(world, { sharedFields: ['full_name', 'family_contacts'] }),
        ['familyMemberIds'],
      ],
      [
        'family members without family_contacts',
        () => legalAidReferral(world, { familyMemberIds: [world.familyMemberIds[0]] }),
        ['sharedFields'],
      ],
      [
        'shared fields without consent and without a reason',
        () => legalAidReferral(world, { consent: 'not_obtained' }),
        ['noConsentReason'],
      ],
      [
        'an unknown service',
        () => legalAidReferral(world, { service: 'teleportation' }),
        ['service'],
      ],
      ['an unknown priority', () => legalAidReferral(world, { priority: 'urgent' }), ['priority']],
      ['an unknown consent', () => legalAidReferral(world, { consent: 'maybe' }), ['consent']],
      [
        'an unknown shared field',
        () => legalAidReferral(world, { sharedFields: ['full_name', 'shoe_size'] }),
        ['sharedFields'],
      ],
      ['an unknown field', () => legalAidReferral(world, { colour: 'red' }), ['colour']],
      [
        'a due date in the past',
        () =>
          legalAidReferral(world, {
            dueAt: new Date(Date.now() - DAY).toISOString(),
            dueOverrideReason: 'Sudah lewat.',
          }),
        ['dueAt'],
      ],
    ];

    it.each(cases)(
      'refuses %s with 400 on the field, and changes nothing',
      async (_label, body, fields) => {
        const before = await referralCounts(t);
        const response = await call(world.caseworker, 'post', `/cases/${world.caseId}/referrals`, {
          ...body(),
          send: true,
        });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
        expect(fieldsOf(response.body)).toEqual(fields);
        expect(await referralCounts(t)).toEqual(before);
      },
    );

    it('refuses the same problems when a draft is edited, and leaves the draft as it was', async () => {
      const created = await draft();
      const stored = await referralRow(t, created.id);
      const before = await referralCounts(t);
      for (const [changes, fields] of [
        [{ agencyId: world.referringAgencyId }, ['agencyId']],
        [{ victimIds: [otherCase.victimId] }, ['victimIds']],
        [{ consent: 'not_obtained' }, ['noConsentReason']],
        [{ dueAt: new Date(Date.now() + 9 * DAY).toISOString() }, ['dueOverrideReason']],
        [{ colour: 'red' }, ['colour']],
      ] as Array<[object, string[]]>) {
        const response = await call(world.caseworker, 'patch', `/referrals/${created.id}`, {
          version: 1,
          ...changes,
        });
        expect(response.status).toBe(400);
        expect(fieldsOf(response.body)).toEqual(fields);
      }
      expect(await referralRow(t, created.id)).toEqual(stored);
      expect(await referralCounts(t)).toEqual(before);
    });

    it('refuses to send to an agency with no contact email and no webhook, and changes nothing', async () => {
      const unreachable = await createAgency(t);
      const created = await draft({ agencyId: unreachable.id });
      const stored = await referralRow(t, created.id);
      const before = await referralCounts(t);

      const response = await call(world.caseworker, 'post', `/referrals/${created.id}/send`, {
        version: created.version,
      });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual(['agencyId']);
      expect(await referralRow(t, created.id)).toEqual(stored);
      expect(await referralCounts(t)).toEqual(before);

      const atOnce = await call(
        world.caseworker,
        'post',
        `/cases/${world.caseId}/referrals`,
        legalAidReferral(world, { agencyId: unreachable.id, send: true }),
      );
      expect(atOnce.status).toBe(400);
      expect(fieldsOf(atOnce.body)).toEqual(['agencyId']);
      expect(await referralCounts(t)).toEqual(before);
    });
  });

  describe('sharing without consent', () => {
    it('needs a supervisor to send, who is recorded as approving', async () => {
      const created = await draft({
        consent: 'not_obtained',
        noConsentReason: 'Keluarga tidak dapat dihubungi; pendampingan hukum mendesak.',
      });
      const stored = await referralRow(t, created.id);
      const before = await referralCounts(t);

      const byCaseworker = await call(world.caseworker, 'post', `/referrals/${created.id}/send`, {
        version: created.version,
      });
      expect(byCaseworker.status).toBe(403);
      expect(byCaseworker.body.code).toBe('REFERRAL.SUPERVISOR_REQUIRED');
      expect(await referralRow(t, created.id)).toEqual(stored);
      expect(await referralCounts(t)).toEqual(before);

      const bySupervisor = await call(world.supervisor, 'post', `/referrals/${created.id}/send`, {
        version: created.version,
      });
      expect(bySupervisor.status).toBe(200);
      expect(bySupervisor.body).toMatchObject({
        status: 'sent',
        sentBy: world.supervisor.id,
        noConsentApprovedBy: world.supervisor.id,
        consent: 'not_obtained',
      });
      const row = await referralRow(t, created.id);
      expect(row.no_consent_approved_by).toBe(world.supervisor.id);

      // Sending at creation is held to the same rule, and leaves no draft behind.
      const countsBefore = await referralCounts(t);
      const atOnce = await call(
        world.caseworker,
        'post',
        `/cases/${world.caseId}/referrals`,
        legalAidReferral(world, {
          consent: 'not_obtained',
          noConsentReason: 'Keluarga tidak dapat dihubungi; pendampingan hukum mendesak.',
          send: true,
        }),
      );
      expect(atOnce.status).toBe(403);
      expect(atOnce.body.code).toBe('REFERRAL.SUPERVISOR_REQUIRED');
      expect(await referralCounts(t)).toEqual(countsBefore);
    });
  });

  describe('who may do what', () => {
    const referralRoutes = (referralId: string, caseId: string, version: number) =>
      [
        ['get', `/referrals/${referralId}`, undefined],
        ['patch', `/referrals/${referralId}`, { version, reason: 'Diubah oleh instansi lain.' }],
        ['post', `/referrals/${referralId}/send`, { version }],
        [
          'post',
          `/referrals/${referralId}/cancel`,
          { version, reason: 'Dibatalkan oleh orang lain.' },
        ],
        [
          'post',
          `/referrals/${referralId}/due-date`,
          { version, dueAt: new Date(Date.now() + 40 * DAY).toISOString(), reason: 'Diubah.' },
        ],
        ['get', `/referrals/${referralId}/notifications`, undefined],
        ['get', `/referrals/${referralId}/response-links`, undefined],
        ['post', `/referrals/${referralId}/response-links`, { version }],
        ['post', `/referrals/${referralId}/responses`, { action: 'acknowledge' }],
        ['get', `/cases/${caseId}/referrals`, undefined],
        ['post', `/cases/${caseId}/referrals`, legalAidReferral(world)],
      ] as Array<[Method, string, object | undefined]>;

    it('shows a caseworker of another agency nothing: 404 on every referral route, nothing changed', async () => {
      const target = await sent();
      const stored = await referralRow(t, target.id);
      const before = await referralCounts(t);
      for (const [method, path, body] of referralRoutes(target.id, world.caseId, target.version)) {
        const response = await call(outsider, method, path, body);
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({
          route: `${method} ${path}`,
          status: 404,
        });
      }
      expect(await referralRow(t, target.id)).toEqual(stored);
      expect(await referralCounts(t)).toEqual(before);
    });

    it('lets a viewer of the owning agency read, but not write', async () => {
      const target = await sent();
      const aDraft = await draft();
      const before = await referralCounts(t);
      for (const path of [
        `/referrals/${target.id}`,
        `/referrals/${target.id}/notifications`,
        `/referrals/${target.id}/response-links`,
        `/cases/${world.caseId}/referrals`,
      ]) {
        const response = await call(viewer, 'get', path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
      const read = await call(viewer, 'get', `/referrals/${target.id}`);
      expect(read.body).toMatchObject({ id: target.id, status: 'sent', caseId: world.caseId });

      const writes: Array<[Method, string, object]> = [
        ['patch', `/referrals/${aDraft.id}`, { version: aDraft.version, reason: 'Diubah.' }],
        ['post', `/referrals/${aDraft.id}/send`, { version: aDraft.version }],
        ['post', `/referrals/${target.id}/cancel`, { version: target.version, reason: 'Batal.' }],
        [
          'post',
          `/referrals/${target.id}/due-date`,
          {
            version: target.version,
            dueAt: new Date(Date.now() + 40 * DAY).toISOString(),
            reason: 'Diubah.',
          },
        ],
        ['post', `/referrals/${target.id}/response-links`, { version: target.version }],
        ['post', `/cases/${world.caseId}/referrals`, legalAidReferral(world)],
      ];
      for (const [method, path, body] of writes) {
        const response = await call(viewer, method, path, body);
        expect({ route: `${method} ${path}`, status: response.status }).toEqual({
          route: `${method} ${path}`,
          status: 403,
        });
      }
      expect((await referralRow(t, target.id)).version).toBe(target.version);
      expect((await referralRow(t, aDraft.id)).status).toBe('draft');
      expect(await referralCounts(t)).toEqual(before);
    });
  });

  describe('the receiving agency', () => {
    it('lists for its liaison only what was sent to it, with only the shared fields, and audits the reading', async () => {
      const own = await referralWorld(t);
      const elsewhere = await createReachableAgency(t);
      const sentHere = await createReferral(
        t,
        own.caseworker,
        own.caseId,
        legalAidReferral(own, { send: true }),
      );
      const draftHere = await createReferral(t, own.caseworker, own.caseId, legalAidReferral(own));
      const sentElsewhere = await createReferral(
        t,
        own.caseworker,
        own.caseId,
        legalAidReferral(own, { agencyId: elsewhere.id, send: true }),
      );

      const listed = await call(own.liaison, 'get', '/referrals?mine');
      expect(listed.status).toBe(200);
      const items = listed.body.items as Array<Record<string, any>>;
      expect(items.map((i) => i.id)).toEqual([sentHere.id]);
      expect(items.map((i) => i.id)).not.toContain(draftHere.id);
      expect(items.map((i) => i.id)).not.toContain(sentElsewhere.id);

      const [item] = items;
      expect(item).toMatchObject({
        status: 'sent',
        caseNumber: own.caseNumber,
        receivingAgency: { id: own.receivingAgencyId },
        referringAgency: { id: own.referringAgencyId },
        sharedFields: ['full_name'],
        familyMembers: [],
      });
      expect(item.victims).toHaveLength(1);
      expect(item.victims[0]).toEqual({
        id: own.victimId,
        fullName: 'Ahmad Jayani',
        otherNames: expect.any(Array),
      });
      for (const key of ['nik', 'phone', 'originStreet', 'deathDate', 'gender', 'passportNumber'])
        expect(item.victims[0]).not.toHaveProperty(key);
      for (const key of [
        'caseId',
        'victimIds',
        'familyMemberIds',
        'noConsentReason',
        'contactEmail',
      ])
        expect(item).not.toHaveProperty(key);

      const audited = (await auditOf(t, sentHere.id)).filter(
        (a) => a.action === 'referral.shared_data_viewed',
      );
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ actor_id: own.liaison.id, case_id: own.caseId });

      const one = await call(own.liaison, 'get', `/referrals/${sentHere.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: sentHere.id,
        allowedResponses: ['acknowledge', 'decline', 'progress', 'complete'],
      });
      expect(one.body.victims[0].fullName).toBe('Ahmad Jayani');
      expect(one.body.victims[0]).not.toHaveProperty('nik');
      expect(one.body).not.toHaveProperty('caseId');
      expect(one.body).not.toHaveProperty('victimIds');
      expect(
        (await auditOf(t, sentHere.id)).filter((a) => a.action === 'referral.shared_data_viewed'),
      ).toHaveLength(2);

      // Drafts, other agencies' referrals and the case itself stay out of reach.
      expect((await call(own.liaison, 'get', `/referrals/${draftHere.id}`)).status).toBe(404);
      expect((await call(own.liaison, 'get', `/referrals/${sentElsewhere.id}`)).status).toBe(404);
      expect((await call(otherLiaison, 'get', `/referrals/${sentHere.id}`)).status).toBe(404);
      expect(
        (
          await call(otherLiaison, 'post', `/referrals/${sentHere.id}/responses`, {
            action: 'acknowledge',
          })
        ).status,
      ).toBe(404);
      const caseRead = await call(own.liaison, 'get', `/cases/${own.caseId}`);
      expect(caseRead.status).toBe(404);
      expect((await call(own.liaison, 'get', `/cases/${own.caseId}/referrals`)).status).toBe(404);

      const mineAsCaseworker = await call(own.caseworker, 'get', '/referrals?mine');
      expect(mineAsCaseworker.status).toBe(403);
    });

    it('audits a liaison read only when it shows personal data', async () => {
      const own = await referralWorld(t);
      const nothingShared = await createReferral(
        t,
        own.caseworker,
        own.caseId,
        legalAidReferral(own, { victimIds: [], sharedFields: [], send: true }),
      );
      const nameShared = await createReferral(
        t,
        own.caseworker,
        own.caseId,
        legalAidReferral(own, { send: true }),
      );

      const one = await call(own.liaison, 'get', `/referrals/${nothingShared.id}`);
      expect(one.status).toBe(200);
      expect(one.body.victims).toEqual([]);
      const listed = await call(own.liaison, 'get', '/referrals?mine');
      expect((listed.body.items as Array<{ id: string }>).map((i) => i.id).sort()).toEqual(
        [nothingShared.id, nameShared.id].sort(),
      );

      const viewed = async (id: string) =>
        (await auditOf(t, id)).filter((a) => a.action === 'referral.shared_data_viewed');
      expect(await viewed(nameShared.id)).toHaveLength(1);
      // Nothing personal was shown for this one, by the single read or in the list.
      expect(await viewed(nothingShared.id)).toHaveLength(0);

      // An answer returns the shared view: it is a read too, when it shows personal data.
      for (const id of [nameShared.id, nothingShared.id]) {
        const answered = await call(own.liaison, 'post', `/referrals/${id}/responses`, {
          action: 'acknowledge',
        });
        expect(answered.status).toBe(200);
      }
      expect(await viewed(nameShared.id)).toHaveLength(2);
      expect((await viewed(nameShared.id))[1]).toMatchObject({ actor_id: own.liaison.id });
      expect(await viewed(nothingShared.id)).toHaveLength(0);
    });

    it('takes the liaison’s answers: acknowledge, progress with a note, complete with an outcome; nothing after', async () => {
      const target = await sent();
      const respond = (body: object) =>
        call(world.liaison, 'post', `/referrals/${target.id}/responses`, body);

      const acknowledged = await respond({ action: 'acknowledge' });
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.body).toMatchObject({ status: 'acknowledged' });
      expect(acknowledged.body.acknowledgedAt).not.toBeNull();
      // The acknowledgement reminder is pointless now.
      expect(
        (await notificationsOf(t, target.id))
          .filter((n) => n.kind === 'acknowledge_reminder')
          .map((n) => n.status),
      ).toEqual(['cancelled']);

      const noNote = await respond({ action: 'progress' });
      expect(noNote.status).toBe(400);
      expect(fieldsOf(noNote.body)).toEqual(['note']);

      const progress = await respond({ action: 'progress', note: 'Berkas restitusi disusun.' });
      expect(progress.status).toBe(200);
      expect(progress.body).toMatchObject({
        status: 'in_progress',
        progressNote: 'Berkas restitusi disusun.',
      });

      const noOutcome = await respond({ action: 'complete' });
      expect(noOutcome.status).toBe(400);
      expect(fieldsOf(noOutcome.body)).toEqual(['outcome']);

      const completed = await respond({
        action: 'complete',
        outcome: 'partially_achieved',
        outcomeNotes: 'Permohonan restitusi diajukan ke LPSK.',
      });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        status: 'completed',
        outcome: 'partially_achieved',
        allowedResponses: [],
      });

      const stored = await referralRow(t, target.id);
      const late = await respond({ action: 'acknowledge' });
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({
        code: 'REFERRAL.ILLEGAL_RESPONSE',
        details: { status: 'completed', action: 'acknowledge', allowed: [] },
      });
      expect(await referralRow(t, target.id)).toEqual(stored);
      expect(stored).toMatchObject({ status: 'completed', outcome: 'partially_achieved' });

      const { rows: live } = await t.db.query(
        `SELECT id FROM referral_response_links WHERE referral_id = $1 AND revoked_at IS NULL`,
        [target.id],
      );
      expect(live).toEqual([]);
      // Only the message telling the caseworker of the answer is left to go.
      expect(
        (await notificationsOf(t, target.id))
          .filter((n) => n.status === 'pending')
          .map((n) => `${n.kind} ${n.channel}`),
      ).toEqual(['referral_answered email']);

      const responded = (await auditOf(t, target.id)).filter(
        (a) => a.action === 'referral.responded',
      );
      expect(responded.map((a) => a.changes?.action)).toEqual([
        'acknowledge',
        'progress',
        'complete',
      ]);
      for (const entry of responded) {
        expect(entry.actor_id).toBe(world.liaison.id);
        expect(entry.changes?.via).toBe('account');
      }
    });

    it('needs a reason to decline, then takes no second decline', async () => {
      const target = await sent();
      const respond = (body: object) =>
        call(world.liaison, 'post', `/referrals/${target.id}/responses`, body);
      const stored = await referralRow(t, target.id);

      const noReason = await respond({ action: 'decline' });
      expect(noReason.status).toBe(400);
      expect(fieldsOf(noReason.body)).toEqual(['reason']);
      expect(await referralRow(t, target.id)).toEqual(stored);

      const declined = await respond({ action: 'decline', reason: 'Di luar wilayah kerja kami.' });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({
        status: 'declined',
        declineReason: 'Di luar wilayah kerja kami.',
      });

      const again = await respond({ action: 'decline', reason: 'Sekali lagi: di luar wilayah.' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'REFERRAL.ILLEGAL_RESPONSE',
        details: { status: 'declined', allowed: [] },
      });
      expect(await referralRow(t, target.id)).toMatchObject({
        status: 'declined',
        decline_reason: 'Di luar wilayah kerja kami.',
      });
    });
  });

  describe('cancelling and re-dating', () => {
    it('cancels: pending messages are cancelled, links revoked, and a second cancel is refused', async () => {
      const target = await sent();
      const pendingBefore = (await notificationsOf(t, target.id)).filter(
        (n) => n.status === 'pending',
      );
      expect(pendingBefore.map((n) => n.kind).sort()).toEqual([
        'acknowledge_reminder',
        'due_soon_reminder',
        'overdue_reminder',
        'referral_sent',
      ]);

      const stale = await call(world.caseworker, 'post', `/referrals/${target.id}/cancel`, {
        version: target.version - 1,
        reason: 'Keluarga memilih pengacara sendiri.',
      });
      expect(stale.status).toBe(409);
      expect((await referralRow(t, target.id)).status).toBe('sent');

      const cancelled = await call(world.caseworker, 'post', `/referrals/${target.id}/cancel`, {
        version: target.version,
        reason: 'Keluarga memilih pengacara sendiri.',
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelReason: 'Keluarga memilih pengacara sendiri.',
        version: target.version + 1,
      });
      expect(cancelled.body.cancelledAt).not.toBeNull();

      const after = await notificationsOf(t, target.id);
      expect(after.filter((n) => n.status === 'pending')).toEqual([]);
      for (const row of pendingBefore) {
        expect(after.find((n) => n.id === row.id)).toMatchObject({
          status: 'cancelled',
          cancel_reason: 'referral cancelled',
        });
      }
      const { rows: links } = await t.db.query<{ revoked_at: Date | null; revoked_by: string }>(
        `SELECT revoked_at, revoked_by FROM referral_response_links WHERE referral_id = $1`,
        [target.id],
      );
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.revoked_at).not.toBeNull();
        expect(link.revoked_by).toBe(world.caseworker.id);
      }

      const stored = await referralRow(t, target.id);
      const again = await call(world.caseworker, 'post', `/referrals/${target.id}/cancel`, {
        version: cancelled.body.version,
        reason: 'Sekali lagi.',
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('REFERRAL.CLOSED');
      expect(await referralRow(t, target.id)).toEqual(stored);

      // The liaison can no longer answer a cancelled referral.
      const answer = await call(world.liaison, 'post', `/referrals/${target.id}/responses`, {
        action: 'acknowledge',
      });
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('REFERRAL.ILLEGAL_RESPONSE');
    });

    it('re-dates: the reminders tied to the old date are cancelled and new ones planned for the new date', async () => {
      const target = await sent();
      const oldDue = new Date(target.dueAt!);
      const policy = (
        await call(world.caseworker, 'get', '/sla-policies?service=legal_aid&priority=normal')
      ).body.items[0] as { remindBeforeDueAmount: number; remindBeforeDueUnit: string };
      expect(policy.remindBeforeDueUnit).toBe('hours');
      const before = await notificationsOf(t, target.id);
      const oldDated = before.filter((n) =>
        ['due_soon_reminder', 'overdue_reminder'].includes(n.kind),
      );
      expect(oldDated.map((n) => n.due_at.toISOString()).sort()).toEqual(
        [new Date(oldDue.getTime() - policy.remindBeforeDueAmount * HOUR), oldDue]
          .map((d) => d.toISOString())
          .sort(),
      );

      const past = await call(world.caseworker, 'post', `/referrals/${target.id}/due-date`, {
        version: target.version,
        dueAt: new Date(Date.now() - HOUR).toISOString(),
        reason: 'Salah tanggal.',
      });
      expect(past.status).toBe(400);
      expect(fieldsOf(past.body)).toEqual(['dueAt']);

      const newDue = new Date(oldDue.getTime() + 10 * DAY);
      const changed = await call(world.caseworker, 'post', `/referrals/${target.id}/due-date`, {
        version: target.version,
        dueAt: newDue.toISOString(),
        reason: 'Sidang ditunda dua minggu.',
      });
      expect(changed.status).toBe(200);
      expect(new Date(changed.body.dueAt as string).toISOString()).toBe(newDue.toISOString());
      expect(changed.body.dueOverrideReason).toBe('Sidang ditunda dua minggu.');
      expect(changed.body.acknowledgeDueAt).toBe(target.acknowledgeDueAt);

      const after = await notificationsOf(t, target.id);
      for (const row of oldDated) {
        expect(after.find((n) => n.id === row.id)).toMatchObject({
          status: 'cancelled',
          cancel_reason: 'due date changed',
        });
      }
      const pendingDated = after.filter(
        (n) => n.status === 'pending' && ['due_soon_reminder', 'overdue_reminder'].includes(n.kind),
      );
      expect(pendingDated.map((n) => `${n.kind} ${n.due_at.toISOString()}`).sort()).toEqual(
        [
          `due_soon_reminder ${new Date(newDue.getTime() - policy.remindBeforeDueAmount * HOUR).toISOString()}`,
          `overdue_reminder ${newDue.toISOString()}`,
        ].sort(),
      );
      // What the new date does not touch is left as it was.
      for (const kind of ['referral_sent', 'acknowledge_reminder'])
        expect(after.filter((n) => n.kind === kind).map((n) => n.status)).toEqual(['pending']);

      const stale = await call(world.caseworker, 'post', `/referrals/${target.id}/due-date`, {
        version: target.version,
        dueAt: new Date(newDue.getTime() + DAY).toISOString(),
        reason: 'Lagi.',
      });
      expect(stale.status).toBe(409);

      const aDraft = await draft();
      const onDraft = await call(world.caseworker, 'post', `/referrals/${aDraft.id}/due-date`, {
        version: aDraft.version,
        dueAt: newDue.toISOString(),
        reason: 'Belum dikirim.',
      });
      expect(onDraft.status).toBe(409);
      expect(onDraft.body.code).toBe('REFERRAL.NOT_DRAFT');
    });

    it('pulls the acknowledgement deadline and its reminder in when the due date moves before it', async () => {
      const target = await sent();
      const oldAcknowledgeBy = new Date(target.acknowledgeDueAt!);
      const newDue = new Date(Date.now() + HOUR);
      expect(newDue.getTime()).toBeLessThan(oldAcknowledgeBy.getTime());
      const changed = await call(world.caseworker, 'post', `/referrals/${target.id}/due-date`, {
        version: target.version,
        dueAt: newDue.toISOString(),
        reason: 'Jenazah harus dipulangkan besok pagi.',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.acknowledgeDueAt).toBe(newDue.toISOString());
      // Acknowledging is now due with the work itself: the old acknowledgement reminder goes,
      // and the overdue reminder at the new date says both.
      const rows = await notificationsOf(t, target.id);
      expect(
        rows
          .filter((n) => n.kind === 'acknowledge_reminder')
          .map((n) => `${n.status} ${n.due_at.toISOString()}`),
      ).toEqual([`cancelled ${oldAcknowledgeBy.toISOString()}`]);
      expect(
        rows
          .filter((n) => n.kind === 'overdue_reminder' && n.status === 'pending')
          .map((n) => n.due_at.toISOString()),
      ).toEqual([newDue.toISOString()]);
    });

    it('puts creation, sending and cancellation on the case timeline', async () => {
      const target = await sent();
      const cancelled = await call(world.caseworker, 'post', `/referrals/${target.id}/cancel`, {
        version: target.version,
        reason: 'Tidak diperlukan lagi.',
      });
      expect(cancelled.status).toBe(200);

      const timeline = await call(world.caseworker, 'get', `/cases/${world.caseId}/timeline`);
      expect(timeline.status).toBe(200);
      const entries = (timeline.body.items as Array<{ action: string; entityId: string }>).filter(
        (e) => e.entityId === target.id,
      );
      expect(entries.map((e) => e.action)).toEqual([
        'referral.created',
        'referral.sent',
        'referral.cancelled',
      ]);
    });
  });

  describe('SLA policies and notifications', () => {
    it('lists one policy per service and priority, whole or filtered by service or priority', async () => {
      const listed = await call(world.caseworker, 'get', '/sla-policies');
      expect(listed.status).toBe(200);
      const policies = listed.body.items as Array<{ service: string; priority: string }>;
      expect(policies).toHaveLength(60);
      expect(new Set(policies.map((p) => p.service)).size).toBe(15);
      expect(new Set(policies.map((p) => p.priority))).toEqual(
        new Set(['critical', 'high', 'normal', 'low']),
      );
      expect(new Set(policies.map((p) => `${p.service}/${p.priority}`)).size).toBe(60);

      const byService = await call(world.caseworker, 'get', '/sla-policies?service=legal_aid');
      expect(byService.status).toBe(200);
      expect(
        (byService.body.items as Array<{ priority: string }>).map((p) => p.priority).sort(),
      ).toEqual(['critical', 'high', 'low', 'normal']);
      const byPriority = await call(world.caseworker, 'get', '/sla-policies?priority=normal');
      expect(byPriority.status).toBe(200);
      expect(byPriority.body.items).toHaveLength(15);
    });

    it('lets only an admin change a policy, with a valid unit and the current version', async () => {
      const found = await call(
        world.caseworker,
        'get',
        '/sla-policies?service=skills_training&priority=low',
      );
      expect(found.status).toBe(200);
      const [policy] = found.body.items as Array<{ id: string; version: number }>;
      const path = `/sla-policies/${policy.id}`;
      const stored = async () =>
        (await t.db.query('SELECT * FROM sla_policies WHERE id = $1', [policy.id])).rows[0];
      const untouched = await stored();

      for (const user of [world.caseworker, world.supervisor, world.liaison, viewer]) {
        const response = await call(user, 'patch', path, {
          version: policy.version,
          acknowledgeAmount: 5,
        });
        expect(response.status).toBe(403);
      }
      const badUnit = await call(world.admin, 'patch', path, {
        version: policy.version,
        acknowledgeUnit: 'weeks',
      });
      expect(badUnit.status).toBe(400);
      expect(fieldsOf(badUnit.body)).toEqual(['acknowledgeUnit']);
      const workingDaysBefore = await call(world.admin, 'patch', path, {
        version: policy.version,
        remindBeforeDueUnit: 'working_days',
      });
      expect(workingDaysBefore.status).toBe(400);
      expect(fieldsOf(workingDaysBefore.body)).toEqual(['remindBeforeDueUnit']);
      expect(await stored()).toEqual(untouched);

      const changed = await call(world.admin, 'patch', path, {
        version: policy.version,
        acknowledgeAmount: 4,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        acknowledgeAmount: 4,
        version: policy.version + 1,
        updatedBy: world.admin.id,
      });

      const afterChange = await stored();
      const stale = await call(world.admin, 'patch', path, {
        version: policy.version,
        acknowledgeAmount: 6,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.details).toEqual({ currentVersion: policy.version + 1 });
      expect(await stored()).toEqual(afterChange);
      // Stable codes are SCREAMING_SNAKE, like SLA_POLICY.NOT_FOUND beside it.
      expect(stale.body.code).toBe('SLA_POLICY.VERSION_CONFLICT');
    });

    it('lists failed notifications for admins only', async () => {
      for (const user of [world.caseworker, world.supervisor, world.liaison, viewer]) {
        const response = await call(user, 'get', '/notifications?status=failed');
        expect(response.status).toBe(403);
      }
      const asAdmin = await call(world.admin, 'get', '/notifications?status=failed');
      expect(asAdmin.status).toBe(200);
      expect(Array.isArray(asAdmin.body.items)).toBe(true);
    });
  });
});
