/** The app's mark (the same drawing as the window's icon). */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#2452cc" />
      <path d="M10 23V9h6.5a4.5 4.5 0 0 1 .9 8.9L22 23h-3.6l-4.2-4.9H13V23zm3-7.6h3.3a1.9 1.9 0 0 0 0-3.8H13z" fill="#fff" />
    </svg>
  );
}
