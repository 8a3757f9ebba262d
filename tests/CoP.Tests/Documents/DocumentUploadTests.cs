using System.Net;
using Azure.Storage.Blobs;
using CoP.Shared.Documents;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentUploadTests(StorageFixture storage)
{
    [Fact]
    public async Task UploadRequestAnswers201WithAWriteOnlyUrlForExactlyTheUploadBlob()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);

        var response = await RequestUploadAsync(app, token, Metadata("Rapport final (v2).PDF"));

        Assert.Equal(201, response.Status);
        var json = response.Json();
        var documentId = json.GetProperty("documentId").GetString()!;
        Assert.Equal($"/api/documents/{documentId}", response.Headers.Location.ToString());
        var upload = json.GetProperty("upload");
        Assert.Equal("PUT", upload.GetProperty("method").GetString());
        Assert.Equal("BlockBlob", upload.GetProperty("headers").GetProperty("x-ms-blob-type").GetString());
        Assert.Equal("application/pdf", upload.GetProperty("headers").GetProperty("Content-Type").GetString());
        var url = new Uri(upload.GetProperty("url").GetString()!);
        Assert.EndsWith($"/{app.Prefix}-uploads/{documentId}/Rapport-final-v2.pdf", url.AbsolutePath, StringComparison.Ordinal);
        var sas = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal("c", sas["sp"]);
        Assert.Equal("b", sas["sr"]);
        var expiresOn = DateTimeOffset.Parse(sas["se"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(13), TimeSpan.FromMinutes(15.1));
        var document = await DocumentAsync(app, documentId);
        Assert.Equal(DocumentStatus.AwaitingUpload, document.DocumentStatus);
        Assert.Equal("biochar,monitoring-slm", document.Topics);
    }

    [Fact]
    public async Task UploadRequestWithoutAValidMemberTokenGets401AndStoresNothing()
    {
        await using var app = TestApp.Create(storage);

        foreach (var token in new[] { null, "garbage" })
        {
            var response = await RequestUploadAsync(app, token, Metadata());
            Assert.Equal(401, response.Status);
        }

        Assert.Equal(0, await RowCountAsync(app, "Documents"));
    }

    public static TheoryData<string, object?, string> BadFields() => new()
    {
        { "title", null, "title" },
        { "title", new string('x', 201), "title" },
        { "title", "Annual report\u202Efdp.exe", "title" },
        { "title", "\u2066Annual report\u2069", "title" },
        { "title", "\u200B\u2060", "title" },
        { "projectName", "Ring\u0007", "projectName" },
        { "topics", Array.Empty<string>(), "topics" },
        { "topics", new[] { "no-such-topic" }, "topics" },
        { "documentType", "novel", "documentType" },
        { "country", "XX", "country" },
        { "language", "french", "language" },
        { "year", 1800, "year" },
        { "contentType", "application/x-msdownload", "contentType" },
        { "contentType", "image/svg+xml", "contentType" },
        { "fileName", "report.docx", "fileName" },
        { "fileName", "", "fileName" },
        { "fileName", "report\u0000.pdf", "fileName" },
        { "fileName", "invoice\u202Efdp.pdf", "fileName" },
        { "fileName", "../../..", "fileName" },
        { "fileName", new string('a', 2000) + ".pdf", "fileName" },
        { "size", 0, "size" },
        { "size", 100L * 1024 * 1024 + 1, "size" },
        { "size", "big", "size" },
        { "description", "line\u0007bell", "description" },
        { "description", "A \u202Ereversed\u202C line", "description" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task UploadRequestWithABadFieldGets400NamingItAndStoresNothing(string field, object? value, string expectedError)
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var body = Metadata();
        body[field] = value;

        var response = await RequestUploadAsync(app, token, body);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty(expectedError, out _), response.Body);
        Assert.Equal(0, await RowCountAsync(app, "Documents"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
    }

    /// <summary>Titles and descriptions follow the one text policy: invisible characters go, whitespace folds, a blank line stays.</summary>
    [Fact]
    public async Task UploadRequestStoresTitleAndDescriptionAsPlainText()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var body = Metadata();
        body["title"] = "  Annual\u200B   report\u00AD 2026 ";
        body["description"] = "First line.\r\n\r\n\r\nSecond   line.";

        var response = await RequestUploadAsync(app, token, body);

        Assert.Equal(201, response.Status);
        var document = await DocumentAsync(app, response.Json().GetProperty("documentId").GetString()!);
        Assert.Equal(("Annual report 2026", "First line.\n\nSecond line."), (document.Title, document.Description));
    }

    [Fact]
    public async Task UploadRequestThatIsNotJsonGets415()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var request = app.Raw("POST", "/api/documents/uploads", "title=x", "application/x-www-form-urlencoded").WithHeader("Authorization", $"Bearer {token}");

        var response = await TestResponse.ExecuteAsync(
            await app.Function<CoP.Functions.Documents.RequestDocumentUploadFunction>().RequestDocumentUpload(request, Ct), request);

        Assert.Equal(415, response.Status);
    }

    public static TheoryData<string, string> PathTricks() => new()
    {
        { "../../etc/passwd.pdf", "passwd.pdf" },
        { "/absolute/path/report.pdf", "report.pdf" },
        { "C:\\Users\\amina\\report.pdf", "report.pdf" },
        { "..\\..\\report.pdf", "report.pdf" },
        { "CON.pdf", "_CON.pdf" },
        { "lpt1.report.pdf", "_lpt1.report.pdf" },
        { "  spaced   name .pdf", "spaced-name.pdf" },
        { "étude sur le sol.pdf", "étude-sur-le-sol.pdf" },
        { "a<b>c:d\"e|f?g*h.pdf", "a-b-c-d-e-f-g-h.pdf" },
    };

    [Theory]
    [MemberData(nameof(PathTricks))]
    public async Task FileNamesWithPathTricksAreMadeSafeAndStayUnderTheDocumentsFolder(string fileName, string expected)
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);

        var (upload, outcome) = await UploadAndIngestAsync(app, token, fileName, "application/pdf", SampleFiles.Pdf());

        Assert.Equal(DocumentStatus.Published, outcome);
        Assert.Equal(expected, upload.FileName);
        Assert.Equal([$"{upload.DocumentId}/{expected}"], await BlobNamesAsync(app, "documents"));
    }

    [Fact]
    public void VeryLongFileNamesAreShortenedKeepingTheirExtension()
    {
        var safe = SafeFileName.Create(new string('é', 500) + ".pdf", out var error);

        Assert.Null(error);
        Assert.Equal(SafeFileName.MaxLength, safe!.Length);
        Assert.EndsWith("é.pdf", safe, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUploadUrlIsRefusedForAnotherBlobNameAndForReading()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        var other = new UriBuilder(upload.Url) { Path = upload.Url.AbsolutePath.Replace("report.pdf", "other.pdf", StringComparison.Ordinal) }.Uri;
        var traversal = new UriBuilder(upload.Url) { Path = upload.Url.AbsolutePath.Replace($"{upload.DocumentId}/report.pdf", "x/report.pdf", StringComparison.Ordinal) }.Uri;

        using var otherName = await PutAsync(other, upload.Headers, SampleFiles.Pdf());
        using var otherFolder = await PutAsync(traversal, upload.Headers, SampleFiles.Pdf());
        using (var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf()))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var read = await new HttpClient().GetAsync(upload.Url, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, otherName.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherFolder.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal([upload.BlobName], await BlobNamesAsync(app, "uploads"));
    }

    [Fact]
    public async Task TheUploadUrlIsRefusedAfterItExpires()
    {
        // The app's clock is an hour behind storage's: the URL it signs has expired for storage already.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        await using var app = TestApp.Create(storage, time: time);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        using var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf());

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
    }

    [Fact]
    public async Task SasSigningUsesTheAccountKeyWithAConnectionStringAndAUserDelegationKeyWithAnIdentity()
    {
        await using var app = TestApp.Create(storage);
        var withKey = new BlobServiceClient(app.ConnectionString).GetBlobContainerClient("uploads").GetBlobClient("a/b.pdf");
        var withIdentity = new BlobServiceClient(new Uri("https://account.blob.core.windows.net"), new Azure.Identity.DefaultAzureCredential())
            .GetBlobContainerClient("uploads").GetBlobClient("a/b.pdf");

        Assert.Equal(SasSigning.AccountKey, BlobSasIssuer.SigningFor(withKey));
        Assert.Equal(SasSigning.UserDelegation, BlobSasIssuer.SigningFor(withIdentity));
    }
}
