import { router } from '../../init.ts';
import { channelDeliveriesProcedure } from './channel-deliveries.ts';
import { channelOptionsProcedure } from './channel-options.ts';
import { channelsProcedure } from './channels.ts';
import { createChannelProcedure } from './create-channel.ts';
import { deliveriesProcedure } from './deliveries.ts';
import { removeChannelProcedure } from './remove-channel.ts';
import { retryDeliveryProcedure } from './retry-delivery.ts';
import { testChannelProcedure } from './test-channel.ts';
import { updateChannelProcedure } from './update-channel.ts';

export const notificationsRouter = router({
  channels: channelsProcedure,
  channelOptions: channelOptionsProcedure,
  createChannel: createChannelProcedure,
  updateChannel: updateChannelProcedure,
  removeChannel: removeChannelProcedure,
  testChannel: testChannelProcedure,
  deliveries: deliveriesProcedure,
  channelDeliveries: channelDeliveriesProcedure,
  retryDelivery: retryDeliveryProcedure,
});
