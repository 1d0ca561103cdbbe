import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@mosaic/config';
import { StoredFileEntity } from './entities/stored-file.entity';
import { FileStorage, LocalFileStorage } from './file-storage';
import { FilesService } from './files.service';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFileEntity])],
  providers: [
    FilesService,
    { provide: FileStorage, useFactory: (config: AppConfig) => new LocalFileStorage(config.files.storageDir), inject: [AppConfig] },
  ],
  exports: [FilesService],
})
export class FilesModule {}
