export * from './application.rules';
export * from './default-question-bank';
export * from './entities';
export * from './money.rules';
export * from './vocabulary';
