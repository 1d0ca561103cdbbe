export * from './threesixty-giving';
export * from './threesixty-giving.validator';
export * from './portfolio-export.service';
export * from './portfolio.module';
