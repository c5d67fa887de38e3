import { expect } from "chai";
import { isCatalogUploadUrl } from "../../functions/src/connections/endpoints.js";
import { PLATFORMS } from "../../functions/src/connections/platforms.js";

describe("unit: upload URLs from a platform's answer (the catalog's uploadHosts)", () => {
  const accepted: Array<[keyof typeof PLATFORMS, string]> = [
    ["LinkedIn", "https://www.linkedin.com/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0?ca=vector_ads&cn=uploads&ut=abc"],
    ["LinkedIn", "https://api.linkedin.com/mediaUpload/C5522AQGTYER3k3ByHQ/feedshare-uploadedImage/0"],
    ["YouTube", "https://www.googleapis.com/upload/youtube/v3/videos?uploadType=resumable&upload_id=xa298sd_f"],
  ];
  for (const [platform, url] of accepted) {
    it(`accepts ${platform}'s ${new URL(url).host}`, () => {
      expect(isCatalogUploadUrl(PLATFORMS[platform], url)).to.equal(true);
    });
  }

  const refused: Array<[keyof typeof PLATFORMS, string, string]> = [
    ["LinkedIn", "http://www.linkedin.com/dms-uploads/x", "plain http"],
    ["LinkedIn", "https://uploads.example.com/dms-uploads/x", "another host"],
    ["LinkedIn", "https://www.linkedin.com.example.com/dms-uploads/x", "a host that only starts like LinkedIn's"],
    ["LinkedIn", "https://www.linkedin.com:8443/dms-uploads/x", "another port"],
    ["LinkedIn", "https://user:pass@www.linkedin.com/dms-uploads/x", "credentials in the URL"],
    ["LinkedIn", "https://www.googleapis.com/upload/youtube/v3/videos", "another platform's upload host"],
    ["YouTube", "https://storage.googleapis.com/upload/x", "another Google host"],
    ["YouTube", "/upload/youtube/v3/videos?upload_id=x", "a relative URL"],
    ["X", "https://api.x.com/2/media/upload", "a platform that hands out no upload URL"],
  ];
  for (const [platform, url, what] of refused) {
    it(`refuses ${what} (${platform})`, () => {
      expect(isCatalogUploadUrl(PLATFORMS[platform], url)).to.equal(false);
    });
  }
});
