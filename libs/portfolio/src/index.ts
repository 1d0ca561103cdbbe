export * from './threesixty-giving';
export * from './threesixty-giving.validator';
export * from './portfolio-export.service';
export * from './portfolio.module';
export * from './portfolio.service';
export * from './bar-chart';
