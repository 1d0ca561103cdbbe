import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService, auditDiff } from '@mosaic/audit';
import { DomainException } from '@mosaic/common';
import { AuthContext, organisationsWhere, Role } from '@mosaic/identity';
import { CapacityRulesDto } from '../dto/rules.dto';
import { CapacityRulesEntity } from '../entities';
import { DOMAIN_CODES, DomainCode } from '../frameworks/framework.types';
import { FrameworkService } from '../frameworks/framework.service';
import { CapacityRules, DEFAULT_CAPACITY_RULES } from './capacity.rules';

/** Each funder's capacity rules, versioned; a funder that never edited them uses the defaults. */
@Injectable()
export class CapacityRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frameworks: FrameworkService,
    private readonly audit: AuditService,
  ) {}

  async current(funderId: string | null): Promise<{ version: number; rules: CapacityRules }> {
    if (!funderId) return { version: 0, rules: DEFAULT_CAPACITY_RULES };
    const latest = await this.dataSource.getRepository(CapacityRulesEntity).findOne({ where: { funderId }, order: { version: 'DESC' } });
    return latest ? { version: latest.version, rules: latest.rules } : { version: 0, rules: DEFAULT_CAPACITY_RULES };
  }

  /** The rules that apply to what a mentor or officer does: those of the funder she works for. */
  async forCaller(auth: AuthContext) {
    const funderId = organisationsWhere(auth, Role.Mentor, Role.Officer)[0] ?? null;
    return (await this.current(funderId)).rules;
  }

  async save(auth: AuthContext, dto: CapacityRulesDto) {
    const funderId = organisationsWhere(auth, Role.Officer)[0];
    if (!funderId) throw new DomainException('invalid', 'FUNDER_REQUIRED', 'Only a funder’s officers set its capacity rules');
    await this.check(dto as CapacityRules);
    return this.dataSource.transaction(async (manager) => {
      const before = await this.current(funderId);
      const saved = await manager.save(manager.create(CapacityRulesEntity, { funderId, version: before.version + 1, rules: dto as CapacityRules, createdByUserId: auth.userId }));
      await this.audit.record(manager, { action: 'capacity_rules.saved', entityType: 'capacity_rules', entityId: saved.id, changes: auditDiff(before.rules, dto) });
      return saved;
    });
  }

  /** Domains and indicators named in the rules must exist in the current framework. */
  private async check(rules: CapacityRules) {
    const framework = (await this.frameworks.current()).document;
    const domains = [...Object.keys(rules.leadPartner.keyIndicatorsMin), ...Object.keys(rules.leadPartner.domainMin)];
    const unknown = domains.filter((d) => !DOMAIN_CODES.includes(d as DomainCode));
    if (unknown.length) throw new DomainException('unprocessable', 'UNKNOWN_DOMAIN', `No such domain: ${unknown.join(', ')}`, { domains: unknown });
    const levels = [...Object.values(rules.leadPartner.keyIndicatorsMin), ...Object.values(rules.leadPartner.domainMin)];
    if (levels.some((level) => !Number.isInteger(level) || level! < 1 || level! > 4)) throw new DomainException('unprocessable', 'LEVEL_OUTSIDE_SCALE', 'Levels run from 1 (nascent) to 4 (mature)');
    if (!framework.domains.some((d) => d.indicators.some((i) => i.code === rules.leadPartner.auditIndicator))) {
      throw new DomainException('unprocessable', 'UNKNOWN_INDICATOR', `There is no indicator ${rules.leadPartner.auditIndicator}`, { indicator: rules.leadPartner.auditIndicator });
    }
  }
}
