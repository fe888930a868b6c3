/**
 * The single exit path of an Ink session (Shopify cli-kit's InkLifecycleRoot / useComplete): children
 * hand their result to complete(); the root calls Ink's exit() once, after React has flushed the final
 * frame. Components never call process.exit or useApp().exit themselves.
 */
import type React from 'react';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { useApp } from 'ink';

type Complete<R> = (result: R) => void;

const CompletionContext = createContext<Complete<unknown> | null>(null);

export function InkLifecycleRoot<R>({ onResult, children }: { onResult: (result: R) => void; children: React.ReactNode }) {
  const { exit } = useApp();
  const [result, setResult] = useState<{ value: R } | null>(null);
  const complete = useCallback((value: unknown) => setResult((prev) => prev ?? { value: value as R }), []);
  useEffect(() => {
    if (result === null) return;
    onResult(result.value);
    exit();
  }, [result, exit, onResult]);
  return <CompletionContext.Provider value={complete}>{children}</CompletionContext.Provider>;
}

/** Throws outside the root, so a lifecycle bug surfaces at once instead of hanging. */
export function useComplete<R>(): Complete<R> {
  const complete = useContext(CompletionContext);
  if (!complete) throw new Error('useComplete must be used inside InkLifecycleRoot');
  return complete as Complete<R>;
}
