import { Module } from '@nestjs/common';
import { SavedFiltersController } from './saved-filters.controller';
import { SavedFiltersRepository } from './saved-filters.repository';
import { SavedFiltersService } from './saved-filters.service';

/** Named filters of the case queue, each for its owner alone. */
@Module({
  controllers: [SavedFiltersController],
  providers: [SavedFiltersRepository, SavedFiltersService],
})
export class SavedFiltersModule {}
