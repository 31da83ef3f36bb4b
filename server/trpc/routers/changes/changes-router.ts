import { router } from '../../init.ts';
import { onTopicProcedure } from './on-topic.ts';

export const changesRouter = router({ onTopic: onTopicProcedure });
