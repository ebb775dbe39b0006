import { useEffect, useState } from "react";
import { photoBlobUrl } from "./api";

export type PhotoState = { id: string; url: string | null; failed: boolean };

/** Object URLs of a case's photos (an <img> cannot send the token); revoked when the photos leave the screen. */
export function usePhotoUrls(evidenceIds: string[]): PhotoState[] {
  const key = evidenceIds.join(",");
  const [photos, setPhotos] = useState<PhotoState[]>([]);
  useEffect(() => {
    const ids = key ? key.split(",") : [];
    let active = true;
    const made: string[] = [];
    setPhotos(ids.map((id) => ({ id, url: null, failed: false })));
    for (const id of ids)
      photoBlobUrl(id)
        .then((url) => {
          if (!active) return URL.revokeObjectURL(url);
          made.push(url);
          setPhotos((list) => list.map((p) => (p.id === id ? { ...p, url } : p)));
        })
        .catch(() => active && setPhotos((list) => list.map((p) => (p.id === id ? { ...p, failed: true } : p))));
    return () => {
      active = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [key]);
  return photos;
}
