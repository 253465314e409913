export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight text-ink ${className}`}>
      <svg viewBox="0 0 24 24" className="size-6" aria-hidden>
        <rect width="24" height="24" rx="6" className="fill-brand-600" />
        <path d="M6 15.5c2.2-4.6 4.4-7 6.6-7 2 0 2.3 3.8 5.4 3.8" fill="none" stroke="white" strokeWidth="2" strokeLinecap="round" />
        <circle cx="18" cy="12.3" r="1.6" fill="white" />
      </svg>
      Aftercart
    </span>
  );
}
