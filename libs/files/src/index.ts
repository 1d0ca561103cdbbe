import { StoredFileEntity } from './entities/stored-file.entity';

export { StoredFileEntity };
export const FILES_ENTITIES = [StoredFileEntity];
export * from './file-sniffing.rules';
export * from './file-storage';
export * from './files.service';
export * from './files.module';
