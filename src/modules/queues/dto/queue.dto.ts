import { QueueName } from '../queue-definitions';

/** A named queue in the caller's side bar, with how many cases are in it. */
export class QueueSummaryDto {
  name!: QueueName;
  /** The queue's name for people, in Bahasa Indonesia. */
  labelId!: string;
  /** The queue's name for people, in English. */
  labelEn!: string;
  /** Cases in the queue, counted up to `countLimit`. */
  count!: number;
  /** true when there are more than `count` (the count stopped at its limit). */
  more!: boolean;
  /**
   * When the count was made: counts are kept up to 15 s while the caller's cases see no new
   * activity, so a deadline passing or a case leaving the agency shows that much later at most.
   */
  countedAt!: string;
}
