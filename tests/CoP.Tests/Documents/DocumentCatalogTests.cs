using CoP.Shared.Documents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentCatalogTests(StorageFixture storage)
{
    [Fact]
    public async Task ListingIsNewestFirstFilteredAndPaged()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, time: time);
        var (_, token) = await ConfirmedMemberAsync(app);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (upload, _) = await UploadAndIngestAsync(app, token, $"report-{i}.pdf", "application/pdf", SampleFiles.Pdf($"report {i}"));
            ids.Add(upload.DocumentId);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        var (csv, _) = await UploadAndIngestAsync(app, token, "data.csv", "text/csv", SampleFiles.Csv());

        var all = (await ListAsync(app)).Json().GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()).ToList();
        Assert.Equal([csv.DocumentId, ids[2], ids[1], ids[0]], all);

        var first = (await ListAsync(app, "?topic=biochar&pageSize=2")).Json();
        Assert.Equal(2, first.GetProperty("documents").GetArrayLength());
        var next = first.GetProperty("continuationToken").GetString()!;
        var second = (await ListAsync(app, $"?topic=biochar&pageSize=2&continuationToken={next}")).Json();
        Assert.Equal([ids[1], ids[0]], second.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()).ToList());

        Assert.Equal(4, (await ListAsync(app, "?type=report&country=sn&language=fr")).Json().GetProperty("documents").GetArrayLength());
        Assert.Empty((await ListAsync(app, "?topic=policy-alignment")).Json().GetProperty("documents").EnumerateArray());
        Assert.Empty((await ListAsync(app, "?country=KE")).Json().GetProperty("documents").EnumerateArray());
        Assert.Empty((await ListAsync(app, "?type=dataset&language=fr")).Json().GetProperty("documents").EnumerateArray());

        var got = (await GetAsync(app, csv.DocumentId)).Json();
        Assert.Equal("text/csv; charset=utf-8", got.GetProperty("contentType").GetString());
        Assert.Equal("Soil carbon in the Sahel", got.GetProperty("title").GetString());
        Assert.False(got.TryGetProperty("uploaderId", out _));
    }

    [Fact]
    public async Task ListsTheDocumentsWhoseTextHoldsEveryWordCaseAndAccentsAside()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, time: time);
        var (_, token) = await ConfirmedMemberAsync(app);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (upload, _) = await UploadAndIngestAsync(app, token, $"report-{i}.pdf", "application/pdf", SampleFiles.Pdf($"report {i}"));
            ids.Add(upload.DocumentId);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        static List<string?> Ids(CoP.TestSupport.TestResponse response) =>
            [.. response.Json().GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString())];

        // Title "Soil carbon in the Sahel", description "Results of five years of monitoring.", project "Sahel Soils".
        Assert.Equal([ids[2], ids[1], ids[0]], Ids(await ListAsync(app, "?q=S%C3%81HEL%20five")));
        Assert.Equal([ids[2], ids[1], ids[0]], Ids(await ListAsync(app, "?q=monitoring&topic=biochar")));
        Assert.Empty(Ids(await ListAsync(app, "?q=sahel%20mangroves")));
        Assert.Empty(Ids(await ListAsync(app, "?q=sahel&country=KE")));

        // Page by page, nothing skipped and nothing twice.
        var first = (await ListAsync(app, "?q=carbon&pageSize=2")).Json();
        var next = first.GetProperty("continuationToken").GetString()!;
        var second = await ListAsync(app, $"?q=carbon&pageSize=2&continuationToken={Uri.EscapeDataString(next)}");
        Assert.Equal(ids.AsEnumerable().Reverse(), first.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()).Concat(Ids(second)));
    }

    [Theory]
    [InlineData("?type=novel")]
    [InlineData("?country=XX")]
    [InlineData("?language=french")]
    [InlineData("?topic=Not_A_Slug")]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=1000")]
    [InlineData("?continuationToken=%%%")]
    [InlineData("?topic=biochar&topic=biochar")]
    [InlineData("?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("?q=soil&q=carbon")]
    public async Task BadListingQueriesGet400(string query)
    {
        await using var app = TestApp.Create(storage);

        var response = await ListAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task UnknownOrUnpublishedDocumentsAre404()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var pending = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        foreach (var id in new[] { pending.DocumentId, Guid.NewGuid().ToString("N"), "../etc", "x" })
        {
            Assert.Equal(404, (await GetAsync(app, id)).Status);
            Assert.Equal(404, (await DownloadAsync(app, id)).Status);
        }

        Assert.Equal(DocumentStatus.AwaitingUpload, (await DocumentAsync(app, pending.DocumentId)).DocumentStatus);
    }

    [Fact]
    public async Task TheDownloadRedirectIsAShortLivedReadOnlyUrl()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (upload, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        var response = await DownloadAsync(app, upload.DocumentId);

        Assert.Equal(302, response.Status);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        var sas = System.Web.HttpUtility.ParseQueryString(new Uri(response.Headers.Location.ToString()).Query);
        Assert.Equal("r", sas["sp"]);
        var expiresOn = DateTimeOffset.Parse(sas["se"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5.1));
        using var put = await PutAsync(new Uri(response.Headers.Location.ToString()), new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" }, [1, 2, 3]);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, put.StatusCode);
    }
}
