import { AssessmentEntity, AssessmentRatingEntity } from './assessment.entity';
import { CapacityFrameworkEntity } from './capacity-framework.entity';
import { CapacityRulesEntity } from './capacity-rules.entity';
import { ActionItemEntity, GraduationEntity, MentoringSessionEntity } from './mentoring-session.entity';

export * from './assessment.entity';
export * from './capacity-framework.entity';
export * from './capacity-rules.entity';
export * from './mentoring-session.entity';

export const MENTORING_ENTITIES = [CapacityFrameworkEntity, CapacityRulesEntity, AssessmentEntity, AssessmentRatingEntity, MentoringSessionEntity, ActionItemEntity, GraduationEntity];
