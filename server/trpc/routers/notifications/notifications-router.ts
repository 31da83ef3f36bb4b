import { router } from '../../init.ts';
import { channelsProcedure } from './channels.ts';
import { createChannelProcedure } from './create-channel.ts';
import { deliveriesProcedure } from './deliveries.ts';
import { removeChannelProcedure } from './remove-channel.ts';
import { updateChannelProcedure } from './update-channel.ts';

export const notificationsRouter = router({
  channels: channelsProcedure,
  createChannel: createChannelProcedure,
  updateChannel: updateChannelProcedure,
  removeChannel: removeChannelProcedure,
  deliveries: deliveriesProcedure,
});
