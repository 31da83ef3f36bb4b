import { describe, expect, it } from 'vitest';
import { channelCreateInput, channelUpdateInput } from '@/server/alerts/notify/channels-service';
import { createBody, emptyForm, formOf, patchBody, validateForm, type ChannelForm } from './channel-form-model';
import type { Channel } from './channel-types';

const email = (over: Partial<ChannelForm> = {}): ChannelForm => ({
  ...emptyForm('email'),
  name: 'mail',
  host: 'smtp.example.org',
  port: '587',
  from: 'picket@example.org',
  to: 'a@example.org, b@example.org',
  ...over,
});

describe('channel form', () => {
  it('names the field that is wrong, per kind', () => {
    expect(validateForm(emptyForm('webhook'), false)).toEqual({
      name: 'Give the channel a name.',
      url: 'The webhook URL is required.',
    });
    expect(validateForm({ ...emptyForm('slack'), name: 'x', url: 'ftp://files' }, false).url).toBe(
      'Must start with http:// or https://',
    );
    expect(validateForm({ ...emptyForm('webhook'), name: 'x', url: 'hooks dot com' }, false).url).toMatch(/^Not a URL/);
    expect(validateForm(email({ host: '', port: '70000', from: 'nobody', to: 'a@example.org, nope' }), false)).toEqual({
      host: expect.stringContaining('SMTP server'),
      port: expect.stringContaining('1 to 65535'),
      from: expect.stringContaining('sender'),
      to: 'Not an email address: nope',
    });
    expect(validateForm(email({ to: ' ' }), false).to).toBe('At least one recipient.');
    expect(validateForm(email(), false)).toEqual({});
  });

  it('allows an empty URL on edit (the stored secret stays) and then sends none', () => {
    const f = { ...emptyForm('webhook'), name: 'x' };
    expect(validateForm(f, true)).toEqual({});
    expect(patchBody(f, 3)).toEqual({ version: 3, name: 'x', enabled: true, config: {} });
    expect(patchBody({ ...f, url: ' https://new.example/h ' }, 3)).toMatchObject({ url: 'https://new.example/h' });
    expect(patchBody(email(), 2)).not.toHaveProperty('password');
    expect(patchBody(email({ password: 'pw' }), 2)).toMatchObject({ password: 'pw' });
  });

  it('builds bodies the server accepts', () => {
    expect(
      channelCreateInput.safeParse(createBody({ ...emptyForm('webhook'), name: 'w', url: 'https://h.example/x' }))
        .success,
    ).toBe(true);
    expect(
      channelCreateInput.safeParse(
        createBody({ ...emptyForm('slack'), name: 's', url: 'https://h.example/x', username: 'bot' }),
      ).success,
    ).toBe(true);
    const mail = createBody(email({ user: 'picket', password: 'pw', secure: true }));
    expect(mail).toMatchObject({
      kind: 'email',
      password: 'pw',
      config: {
        host: 'smtp.example.org',
        port: 587,
        secure: true,
        user: 'picket',
        to: ['a@example.org', 'b@example.org'],
      },
    });
    expect(channelCreateInput.safeParse(mail).success).toBe(true);
    expect(channelUpdateInput.safeParse(patchBody(email(), 1)).success).toBe(true);
  });

  it('starts an edit from the stored settings, never a secret', () => {
    const c = {
      id: 'c1',
      name: 'mail',
      kind: 'email',
      enabled: false,
      version: 4,
      secretSet: true,
      secretHint: '••••••',
      config: { host: 'h', port: 465, secure: true, from: 'f@example.org', to: ['t@example.org'] },
    } as unknown as Channel;
    expect(formOf(c)).toMatchObject({
      kind: 'email',
      name: 'mail',
      enabled: false,
      host: 'h',
      port: '465',
      secure: true,
      to: 't@example.org',
      password: '',
      url: '',
    });
  });
});
