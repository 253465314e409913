"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A text box whose value lives in the URL: typing updates the box at once and the URL after a pause;
 * a URL changed from elsewhere (back button, a link) updates the box.
 */
export function useUrlText(urlValue: string, commit: (value: string) => void, delayMs = 400) {
  const [text, setText] = useState(urlValue);
  const [lastUrlValue, setLastUrlValue] = useState(urlValue);
  if (urlValue !== lastUrlValue) {
    setLastUrlValue(urlValue);
    if (urlValue !== text.trim()) setText(urlValue);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const commitRef = useRef(commit);
  useEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  const onChange = (value: string) => {
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => commitRef.current(value.trim()), delayMs);
  };
  return [text, onChange] as const;
}
