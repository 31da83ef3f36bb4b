'use client';

import { Bell, BellOff } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../ui/button';
import type { AlertItem } from './alert-types';

const KEY = 'picket-alert-notify';

/** A short beep from WebAudio: no sound file to ship, nothing fetched. */
function beep(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.18);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio device: the desktop notification (if allowed) still tells.
  }
}

/**
 * Sound + desktop notification for alerts that arrive while the console is open. Off by default;
 * the choice is remembered in localStorage. Alerts present at load never notify.
 */
export function NewAlertNotifier({ alerts }: { alerts: readonly AlertItem[] | undefined }) {
  const [on, setOn] = useState(false);
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => setOn(localStorage.getItem(KEY) === 'on'), []);

  useEffect(() => {
    if (!alerts) return;
    const fresh = seen.current ? alerts.filter((a) => !seen.current!.has(a.id) && a.status === 'new') : [];
    seen.current = new Set([...(seen.current ?? []), ...alerts.map((a) => a.id)]);
    if (!on || fresh.length === 0) return;
    beep();
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(fresh.length === 1 ? `New ${fresh[0].severity} alert` : `${fresh.length} new alerts`, {
        body: fresh[0].summary,
        tag: 'picket-alerts',
      });
    }
  }, [alerts, on]);

  async function toggle() {
    const next = !on;
    setOn(next);
    localStorage.setItem(KEY, next ? 'on' : 'off');
    if (next && typeof Notification !== 'undefined' && Notification.permission === 'default')
      await Notification.requestPermission().catch(() => undefined);
  }

  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={() => void toggle()}
      aria-pressed={on}
      title="Sound and desktop notification for new alerts"
    >
      {on ? <Bell size={14} /> : <BellOff size={14} />} {on ? 'Notify: on' : 'Notify: off'}
    </Button>
  );
}
