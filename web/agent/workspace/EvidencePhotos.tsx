import { Card, Empty, Image, Skeleton, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { usePhotoUrls } from "../../shared/usePhotoUrls";

/** The customer's photos, large on click. */
export function EvidencePhotos({ evidenceIds }: { evidenceIds: string[] }) {
  const { t } = useTranslation("workspace");
  const photos = usePhotoUrls(evidenceIds);
  return (
    <Card size="small" title={t("photos", { count: evidenceIds.length })} data-testid="evidence">
      {evidenceIds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("noPhotos")} />
      ) : (
        <Image.PreviewGroup>
          <Space wrap size={8}>
            {photos.map((p) =>
              p.url ? (
                <Image key={p.id} src={p.url} width={96} height={96} style={{ objectFit: "cover", borderRadius: 6 }} alt={t("photoAlt")} data-testid="evidence-photo" />
              ) : p.failed ? (
                <Typography.Text key={p.id} type="danger">
                  {t("photoFailed")}
                </Typography.Text>
              ) : (
                <Skeleton.Image key={p.id} active style={{ width: 96, height: 96 }} />
              ),
            )}
          </Space>
        </Image.PreviewGroup>
      )}
    </Card>
  );
}
