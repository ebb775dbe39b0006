import { useEffect, useRef, useState } from "react";
import { Button, DotLoading, ImageUploader, type ImageUploadItem } from "antd-mobile";
import { CameraOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { photoBlobUrl, uploadPhoto } from "../shared/api";
import { useProblemText } from "../shared/problemText";

/** An uploaded photo: its evidence id, and a local address to show it. */
export interface Photo {
  id: string;
  url: string;
}

const MAX_PHOTOS = 9;

/**
 * Photos from the camera or the album (the phone offers both for image/*), each uploaded at once;
 * a failed upload is said under the field, and the photo can simply be picked again.
 *
 * The picking and uploading are ours, the grid (preview, delete) is antd-mobile's ImageUploader:
 * its own upload path logs every failed upload to the console and drops the preview of a photo
 * still loading, which the customer would see as a blank cell.
 */
export function PhotoField({ value, onChange, testId }: { value: Photo[]; onChange: (next: Photo[]) => void; testId: string }) {
  const { t } = useTranslation("customer");
  const problemText = useProblemText();
  const input = useRef<HTMLInputElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [uploading, setUploading] = useState(0);
  const [urls, setUrls] = useState<Record<string, string>>({});
  // the latest photos, for uploads that finish after the customer added or removed others
  const latest = useRef(value);
  latest.current = value;

  // a draft restored after a reload holds ids whose local addresses are gone: fetch them again
  useEffect(() => {
    let live = true;
    for (const photo of value) {
      if (urls[photo.id]) continue;
      photoBlobUrl(photo.id)
        .then((url) => live && setUrls((u) => ({ ...u, [photo.id]: url })))
        .catch(() => undefined);
    }
    return () => {
      live = false;
    };
  }, [value, urls]);

  const upload = async (files: File[]) => {
    setFailure(null);
    const room = Math.max(0, MAX_PHOTOS - latest.current.length);
    setUploading((n) => n + Math.min(room, files.length));
    for (const file of files.slice(0, room)) {
      try {
        const { id } = await uploadPhoto(file, file.name || "photo.jpg");
        const url = URL.createObjectURL(file);
        setUrls((u) => ({ ...u, [id]: url }));
        onChange([...latest.current, { id, url }]);
      } catch (e) {
        setFailure(t("apply.uploadFailed", { why: problemText(e) }));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const items: ImageUploadItem[] = value.map((p) => ({ key: p.id, url: urls[p.id] ?? p.url }));
  return (
    <div data-testid={testId}>
      <ImageUploader value={items} onChange={(next) => onChange(next.map((i) => ({ id: String(i.key), url: i.url })))} upload={() => Promise.reject(new Error("picked by PhotoField"))} showUpload={false} />
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        hidden
        data-testid="photo-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = ""; // the same photo may be picked again after a failure
          void upload(files);
        }}
      />
      <Button size="small" style={{ marginTop: value.length ? 8 : 0 }} disabled={value.length >= MAX_PHOTOS} onClick={() => input.current?.click()} data-testid="add-photo">
        <CameraOutlined /> {t("apply.addPhoto")} ({value.length}/{MAX_PHOTOS})
      </Button>
      {uploading > 0 && (
        <span style={{ marginLeft: 8, color: "#999", fontSize: 13 }} data-testid="uploading">
          {t("apply.uploading")} <DotLoading />
        </span>
      )}
      {failure && (
        <div role="alert" data-testid="upload-error" style={{ color: "var(--adm-color-danger)", fontSize: 13, marginTop: 6 }}>
          {failure}
        </div>
      )}
    </div>
  );
}
