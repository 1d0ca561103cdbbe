import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { Clock, DomainException, forbidden, notFound } from '@mosaic/common';
import { AuthContext, isAdmin, organisationsWhere, Role } from '@mosaic/identity';
import { DEFAULT_QUESTION_SETS } from './default-question-bank';
import { CreateCallDto, UpdateCallDto } from './dto/call.dto';
import { CallEntity, QuestionEntity } from './entities';
import { isCurrencyCode } from './money.rules';
import { CallStatus, DEFAULT_RUBRIC, DEFAULT_TIERS } from './vocabulary';

const AUDITED_FIELDS = [
  'status', 'title', 'description', 'budgetMinor', 'currency', 'opensAt', 'closesAt', 'timeZone', 'eligibleCountries',
  'eligibleThemes', 'tiers', 'usdRates', 'allowUnregistered', 'questionSets', 'rubric', 'clusteringPolicy',
] as const;
/**
 * Once published, applicants rely on the terms: only these may still change. The clustering policy
 * concerns how the funder manages its portfolio, not what applicants were promised.
 */
const EDITABLE_WHEN_PUBLISHED = new Set(['title', 'description', 'closesAt', 'version', 'clusteringPolicy']);

const snapshot = (call: CallEntity) => Object.fromEntries(AUDITED_FIELDS.map((f) => [f, call[f]]));

@Injectable()
export class CallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Open calls for everyone; an officer also sees all her funder's calls, an admin every call. */
  async list(auth: AuthContext | null): Promise<CallEntity[]> {
    const now = this.clock.now();
    const calls = this.dataSource.getRepository(CallEntity);
    const open = await calls.find({
      where: { status: CallStatus.Published, opensAt: LessThanOrEqual(now), closesAt: MoreThan(now) },
      order: { closesAt: 'ASC' },
    });
    if (!auth) return open;
    const funders = organisationsWhere(auth, Role.Officer);
    const own = isAdmin(auth)
      ? await calls.find({ order: { createdAt: 'DESC' } })
      : funders.length
        ? await calls.find({ where: { funderId: In(funders) }, order: { createdAt: 'DESC' } })
        : [];
    const seen = new Set(own.map((call) => call.id));
    return [...own, ...open.filter((call) => !seen.has(call.id))];
  }

  /** Published calls are public; drafts only to the funder's officers and admins. */
  async get(auth: AuthContext | null, id: string): Promise<CallEntity> {
    const call = await this.dataSource.getRepository(CallEntity).findOneBy({ id });
    if (!call || (call.status === CallStatus.Draft && !this.manages(auth, call))) throw notFound('call', id);
    return call;
  }

  manages(auth: AuthContext | null, call: Pick<CallEntity, 'funderId'>): boolean {
    return !!auth && (isAdmin(auth) || organisationsWhere(auth, Role.Officer).includes(call.funderId));
  }

  async create(auth: AuthContext, dto: CreateCallDto): Promise<CallEntity> {
    const funders = organisationsWhere(auth, Role.Officer);
    const funderId = dto.funderId ?? (funders.length === 1 ? funders[0] : undefined);
    if (!funderId) throw new DomainException('invalid', 'FUNDER_REQUIRED', 'Say which funder this call belongs to (funderId)');
    if (!this.manages(auth, { funderId })) throw forbidden('You can only open calls for your own funder');
    const call = this.dataSource.getRepository(CallEntity).create({
      ...dto,
      funderId,
      opensAt: new Date(dto.opensAt),
      closesAt: new Date(dto.closesAt),
      description: dto.description ?? {},
      tiers: dto.tiers ?? DEFAULT_TIERS,
      usdRates: dto.usdRates ?? {},
      questionSets: dto.questionSets ?? DEFAULT_QUESTION_SETS,
      rubric: dto.rubric ?? DEFAULT_RUBRIC,
      status: CallStatus.Draft,
    });
    this.checkTerms(call);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(call);
      await this.audit.record(manager, { action: 'call.created', entityType: 'call', entityId: saved.id, changes: auditDiff(null, snapshot(saved)) });
      return saved;
    });
  }

  async update(auth: AuthContext, id: string, dto: UpdateCallDto): Promise<CallEntity> {
    const before = await this.get(auth, id);
    if (!this.manages(auth, before)) throw forbidden('Only the funder’s officers can change this call');
    if (before.version !== dto.version) throw staleCall(before.version);
    if (before.status === CallStatus.Closed) throw new DomainException('conflict', 'CALL_CLOSED', 'A closed call cannot change');
    const { version: _version, funderId: _funderId, opensAt, closesAt, ...rest } = dto;
    const changes: Partial<CallEntity> = {
      ...rest,
      ...(opensAt !== undefined ? { opensAt: new Date(opensAt) } : {}),
      ...(closesAt !== undefined ? { closesAt: new Date(closesAt) } : {}),
    };
    if (before.status === CallStatus.Published) {
      const locked = Object.entries(changes)
        .filter(([key, value]) => !EDITABLE_WHEN_PUBLISHED.has(key) && !same(value, (before as unknown as Record<string, unknown>)[key]))
        .map(([key]) => key);
      if (locked.length) {
        throw new DomainException('conflict', 'CALL_PUBLISHED', 'Applicants rely on a published call: only title, description and closing date may change', { fields: locked });
      }
    }
    const calls = this.dataSource.getRepository(CallEntity);
    const after = calls.merge(calls.create({ ...before }), changes);
    this.checkTerms(after);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(after);
      await this.audit.record(manager, { action: 'call.updated', entityType: 'call', entityId: id, changes: auditDiff(snapshot(before), snapshot(saved)) });
      return saved;
    });
  }

  async publish(auth: AuthContext, id: string): Promise<CallEntity> {
    const call = await this.get(auth, id);
    if (!this.manages(auth, call)) throw forbidden('Only the funder’s officers can publish this call');
    if (call.status === CallStatus.Published) return call;
    if (call.status !== CallStatus.Draft) throw new DomainException('conflict', 'CALL_CLOSED', 'A closed call cannot be published');
    this.checkTerms(call);
    if (call.currency !== 'USD' && !(call.usdRates[call.currency] > 0)) {
      throw new DomainException('unprocessable', 'RATE_MISSING', `Give the USD rate of ${call.currency} so amounts can be placed in tiers`, { currency: call.currency });
    }
    const keys = [...new Set(Object.values(call.questionSets).flat().map((q) => q.questionKey))];
    const known = await this.dataSource.getRepository(QuestionEntity).findBy({ key: In(keys) });
    const missing = keys.filter((key) => !known.some((q) => q.key === key));
    if (missing.length) throw new DomainException('unprocessable', 'UNKNOWN_QUESTIONS', 'Some questions are not in the question bank', { missing });
    return this.dataSource.transaction(async (manager) => {
      call.status = CallStatus.Published;
      call.publishedAt = this.clock.now();
      const saved = await manager.save(call);
      await this.audit.record(manager, { action: 'call.published', entityType: 'call', entityId: id, changes: { status: { from: CallStatus.Draft, to: CallStatus.Published } } });
      return saved;
    });
  }

  /** Rules any call must keep, draft or not. */
  private checkTerms(call: CallEntity): void {
    const problems: string[] = [];
    if (!call.title?.en?.trim()) problems.push('title.en is required (English is every reader’s fallback)');
    if (!isCurrencyCode(call.currency)) problems.push(`currency ${call.currency} is not an ISO 4217 code`);
    if (!(call.closesAt > call.opensAt)) problems.push('closesAt must be after opensAt');
    try {
      new Intl.DateTimeFormat('en', { timeZone: call.timeZone });
    } catch {
      problems.push(`timeZone ${call.timeZone} is not an IANA time zone`);
    }
    const tiers = call.tiers;
    if (!tiers.length) problems.push('at least one tier is needed');
    tiers.forEach((tier, index) => {
      if (tier.maxUsdMinor <= tier.minUsdMinor) problems.push(`tier ${tier.code}: maxUsdMinor must be above minUsdMinor`);
      if (index > 0 && tier.minUsdMinor !== tiers[index - 1].maxUsdMinor) problems.push(`tier ${tier.code} must start where ${tiers[index - 1].code} ends`);
      if (!call.questionSets[tier.code]?.length) problems.push(`tier ${tier.code} has no question set`);
    });
    for (const [currency, rate] of Object.entries(call.usdRates)) {
      if (!isCurrencyCode(currency) || typeof rate !== 'number' || !(rate > 0)) problems.push(`usdRates.${currency} must be a positive number for an ISO 4217 code`);
    }
    for (const [key, value] of Object.entries({ ...call.title, ...call.description })) {
      if (typeof value !== 'string' || !/^[a-z]{2}$/.test(key)) problems.push('title and description are { language: text }');
    }
    if (problems.length) throw new DomainException('unprocessable', 'CALL_TERMS_INVALID', problems.join('; '), { problems });
  }
}

function staleCall(current: number) {
  return new DomainException('conflict', 'STALE_VERSION', 'This call was changed since you loaded it; reload and try again', { currentVersion: current });
}

function same(a: unknown, b: unknown): boolean {
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}
