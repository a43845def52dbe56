/** A product's pictures as thumbnails, each opening the full image. */
export function Gallery({ urls, label }: { urls: string[]; label?: string }) {
  if (urls.length === 0) return null;
  return (
    <div className="mt-3 flex flex-wrap gap-2" data-testid="gallery">
      {urls.map((url, i) => (
        <a key={url} href={url} target="_blank" rel="noreferrer">
          {/* eslint-disable-next-line @next/next/no-img-element -- our own upload route */}
          <img src={url} alt={label ? `${label} ${i + 1}` : ''} className="h-24 w-24 rounded border border-slate-200 object-cover" />
        </a>
      ))}
    </div>
  );
}
