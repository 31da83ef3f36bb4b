'use client';

import { useRef, useState } from 'react';
import type { CaseKind, EvidenceRecord } from '@/server/cases/case-model';
import { KIND_PATH } from './case-format';

export interface UploadState {
  fileName: string;
  loaded: number;
  total: number;
  status: 'uploading' | 'done' | 'failed' | 'cancelled';
  error?: string;
}

/**
 * Streams a file to POST …/evidence/files (raw body, name in X-Filename) with XHR, which — unlike
 * fetch — reports upload progress. The session cookie authenticates it like the rest of the UI.
 */
export function useEvidenceUpload(kind: CaseKind, caseId: string) {
  const [state, setState] = useState<UploadState | null>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  function start(file: File, title: string, onDone: (e: EvidenceRecord) => void): void {
    const q = new URLSearchParams(title.trim() ? { title: title.trim() } : {});
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open('POST', `/api/v1${KIND_PATH[kind]}/${caseId}/evidence/files${q.size ? `?${q}` : ''}`);
    xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    setState({ fileName: file.name, loaded: 0, total: file.size, status: 'uploading' });
    xhr.upload.onprogress = (e) =>
      setState((s) => s && { ...s, loaded: e.loaded, total: e.lengthComputable ? e.total : s.total });
    xhr.onload = () => {
      xhrRef.current = null;
      if (xhr.status === 201) {
        setState((s) => s && { ...s, loaded: s.total, status: 'done' });
        onDone(JSON.parse(xhr.responseText) as EvidenceRecord);
        return;
      }
      setState((s) => s && { ...s, status: 'failed', error: messageOf(xhr) });
    };
    xhr.onerror = () => {
      xhrRef.current = null;
      setState((s) => s && { ...s, status: 'failed', error: 'The upload was interrupted (network error). Try again.' });
    };
    xhr.onabort = () => {
      xhrRef.current = null;
      setState((s) => s && { ...s, status: 'cancelled' });
    };
    xhr.send(file);
  }

  return { state, start, cancel: () => xhrRef.current?.abort(), clear: () => setState(null) };
}

function messageOf(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
    if (xhr.status === 403) return 'Your role may not change cases (analyst or admin needed).';
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return `The upload failed (HTTP ${xhr.status}).`;
}
