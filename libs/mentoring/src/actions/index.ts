export * from './action-reminder.service';
export * from './action-reminder.processor';
