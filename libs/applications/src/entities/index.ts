import { ApplicationEventEntity } from './application-event.entity';
import { ApplicationEntity } from './application.entity';
import { CallEntity } from './call.entity';
import { QuestionEntity } from './question.entity';
import { ReviewAssignmentEntity } from './review-assignment.entity';

export type { CallQuestionRef } from './call.entity';
export type { QuestionOption } from './question.entity';
export { ApplicationEntity, ApplicationEventEntity, CallEntity, QuestionEntity, ReviewAssignmentEntity };

export const APPLICATIONS_ENTITIES = [QuestionEntity, CallEntity, ApplicationEntity, ApplicationEventEntity, ReviewAssignmentEntity];
