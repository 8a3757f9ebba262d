using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using CoP.Functions.Newsletter;
using CoP.Shared.Documents;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Newsletter;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Newsletter;

/// <summary>Subscribers, content and sends for the newsletter tests, and a reading of what the fake SendGrid received.</summary>
internal static class NewsletterTestFlows
{
    /// <summary>A Monday 08:00 UTC: a slot of the default schedule.</summary>
    public static readonly DateTimeOffset Slot = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    public const string IssueId = "2026-11-02-0800";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app whose clock stands ten minutes after <see cref="Slot"/>, sending through the fake SendGrid when one is given.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(
        StorageFixture storage, FakeSendGridServer? sendGrid = null, IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? now = null, string? prefix = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["NewsletterSchedule"] = NewsletterOptions.DefaultSchedule,
            ["Newsletter:PublishDelay"] = "00:00:00",
            ["Newsletter:RetryBaseDelay"] = "00:00:00.010",
            ["Newsletter:MaxRetries"] = "2",
            ["Newsletter:RequestTimeout"] = "00:00:05",
        };
        if (sendGrid is not null)
        {
            values["Email:Transport"] = "SendGrid";
            values["Email:SendGridApiKey"] = "SG.test-key";
            values["Email:SendGridHost"] = sendGrid.BaseAddress.ToString().TrimEnd('/');
            values["Email:MaxRetries"] = "0";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var time = new FakeTimeProvider(now ?? Slot.AddMinutes(10));
        return (TestApp.Create(storage, values, prefix, time), time);
    }

    /// <summary>
    /// A test app on the real clock, for sends that retry or time out (the HTTP resilience pipeline waits on real
    /// time). Its schedule is monthly, so the current issue stays the same for the whole test.
    /// </summary>
    public static TestApp CreateRealTimeApp(StorageFixture storage, FakeSendGridServer sendGrid, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["NewsletterSchedule"] = MonthlySchedule,
            ["Newsletter:PublishDelay"] = "00:00:00",
            ["Newsletter:RetryBaseDelay"] = "00:00:00.010",
            ["Newsletter:MaxRetries"] = "2",
            ["Newsletter:RequestTimeout"] = "00:00:00.500",
            ["Email:Transport"] = "SendGrid",
            ["Email:SendGridApiKey"] = "SG.test-key",
            ["Email:SendGridHost"] = sendGrid.BaseAddress.ToString().TrimEnd('/'),
            ["Email:MaxRetries"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return TestApp.Create(storage, values);
    }

    public const string MonthlySchedule = "0 0 0 1 * *";

    public static string CurrentIssueId(TestApp app) => app.Get<NewsletterService>().CurrentIssueId;

    /// <summary>Confirmed subscribers written straight to the store, in parallel; returns their ids in order.</summary>
    public static async Task<List<string>> SubscribersAsync(
        TestApp app, int count, string language = "en", string topics = "", Action<MemberEntity>? change = null, string tag = "member")
    {
        var ids = Enumerable.Range(0, count).Select(_ => MemberStore.NewMemberId()).ToList();
        var store = app.Get<MemberStore>();
        await Parallel.ForEachAsync(
            ids.Select((id, index) => (id, index)),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct },
            async (item, token) =>
            {
                var member = new MemberEntity
                {
                    PartitionKey = item.id,
                    EmailKey = "key-" + item.id,
                    Email = $"{tag}-{item.index}@example.org",
                    Name = $"Member {item.index}",
                    Status = nameof(MemberStatus.Confirmed),
                    Newsletter = true,
                    Language = language,
                    Topics = topics,
                    CreatedAt = Slot.AddDays(-30),
                    ConfirmedAt = Slot.AddDays(-30),
                };
                change?.Invoke(member);
                Assert.True(await store.TryAddAsync(member, token));
            });
        return ids;
    }

    /// <summary>A published document, listed as ingestion lists it.</summary>
    public static async Task<string> PublishedDocumentAsync(TestApp app, DateTimeOffset publishedAt, string title, string topics = "biochar", string? description = null)
    {
        var id = DocumentStore.NewDocumentId();
        var document = new DocumentEntity
        {
            PartitionKey = id,
            UploaderId = MemberStore.NewMemberId(),
            Title = title,
            Description = description,
            Topics = topics,
            DocumentType = "report",
            Language = "en",
            Year = 2026,
            FileName = "report.pdf",
            DeclaredContentType = "application/pdf",
            ContentType = "application/pdf",
            Bytes = 1000,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))),
            Status = nameof(DocumentStatus.Published),
            CreatedAt = publishedAt,
            PublishedAt = publishedAt,
        };
        await app.Get<DocumentStore>().AddAsync(document, Ct);
        await app.Get<DocumentStore>().IndexPublishedAsync(document, Ct);
        return id;
    }

    /// <summary>
    /// An admin's send as the admin lives it: the POST, then (once it answered 202) the queued run through
    /// <c>RunNewsletterSend</c>, then the status at the answer's <c>Location</c>, which is returned. Any other answer
    /// of the POST is returned as it is.
    /// </summary>
    public static async Task<TestResponse> SendNowAsync(TestApp app, bool? resendUnknown = null, string? issueId = null, bool? resendRefused = null)
    {
        var posted = await PostSendAsync(app, resendUnknown, issueId, resendRefused);
        if (posted.Status != 202)
        {
            return posted;
        }

        var drain = await app.RunQueuedNewsletterSendsAsync(Ct);
        Assert.Empty(drain.Failures);
        return await StatusAsync(app, posted.Headers.Location.ToString());
    }

    /// <summary>The POST of an admin's send alone: nothing runs until the queue is drained.</summary>
    public static async Task<TestResponse> PostSendAsync(TestApp app, bool? resendUnknown = null, string? issueId = null, bool? resendRefused = null)
    {
        var request = resendUnknown is null && issueId is null && resendRefused is null
            ? app.Raw("POST", "/api/manage/newsletter/send", "", null)
            : app.Json("POST", "/api/manage/newsletter/send", new { resendUnknown, issueId, resendRefused });
        return await TestResponse.ExecuteAsync(await app.Function<SendNewsletterNowFunction>().SendNewsletterNow(request, Ct), request);
    }

    /// <summary>GET of an issue's status (<c>GetNewsletterIssueStatus</c>) at <paramref name="path"/>.</summary>
    public static async Task<TestResponse> StatusAsync(TestApp app, string path)
    {
        var request = app.Get(path);
        return await TestResponse.ExecuteAsync(
            await app.Function<GetNewsletterIssueStatusFunction>().GetNewsletterIssueStatus(request, path[(path.LastIndexOf('/') + 1)..], Ct), request);
    }

    public static Task RunTimerAsync(TestApp app, CancellationToken? cancellationToken = null) =>
        app.Function<SendNewsletterFunction>().SendNewsletter(new Microsoft.Azure.Functions.Worker.TimerInfo(), cancellationToken ?? Ct);

    public static async Task<TestResponse> GetAsync(TestApp app, string pathAndQuery, string accept = "application/json")
    {
        var request = app.Get(pathAndQuery);
        request.Headers.Accept = accept;
        var path = request.Path.Value!;
        if (path.EndsWith("/newsletter/issues", StringComparison.Ordinal))
        {
            return await TestResponse.ExecuteAsync(await app.Function<ListNewsletterIssuesFunction>().ListNewsletterIssues(request, Ct), request);
        }

        if (path.Contains("/newsletter/issues/", StringComparison.Ordinal))
        {
            return await TestResponse.ExecuteAsync(await app.Function<GetNewsletterIssueFunction>().GetNewsletterIssue(request, path[(path.LastIndexOf('/') + 1)..], Ct), request);
        }

        return await TestResponse.ExecuteAsync(await app.Function<PreviewNewsletterFunction>().PreviewNewsletter(request, Ct), request);
    }

    public static async Task<TestResponse> SetNoteAsync(TestApp app, string text)
    {
        var request = app.Json("PUT", "/api/manage/newsletter/note", new { text });
        return await TestResponse.ExecuteAsync(await app.Function<SetNewsletterNoteFunction>().SetNewsletterNote(request, Ct), request);
    }

    public static Task<NewsletterIssueEntity?> IssueAsync(TestApp app, string issueId = IssueId) => app.Get<NewsletterIssueStore>().GetIssueAsync(issueId, Ct);

    /// <summary>Every personalization of the newsletter requests the fake accepted, with the request's global parts.</summary>
    public static List<SentCopy> AcceptedCopies(FakeSendGridServer sendGrid) =>
        [.. sendGrid.Requests.Where(r => r.Accepted && IsNewsletter(r)).SelectMany(Copies)];

    public static bool IsNewsletter(RecordedSendGridRequest request) =>
        request.Json is { } json && json.TryGetProperty("categories", out var categories)
        && categories.EnumerateArray().Any(c => c.GetString() == NewsletterMessages.Category);

    public static IEnumerable<SentCopy> Copies(RecordedSendGridRequest request)
    {
        var json = request.Json!.Value;
        var args = json.GetProperty("custom_args");
        foreach (var personalization in json.GetProperty("personalizations").EnumerateArray())
        {
            yield return new SentCopy(
                request.Number,
                args.GetProperty("issueId").GetString()!,
                args.GetProperty("batchId").GetString()!,
                personalization.GetProperty("custom_args").GetProperty("memberId").GetString()!,
                personalization.GetProperty("to").EnumerateArray().Single().GetProperty("email").GetString()!,
                personalization.GetProperty("to").GetArrayLength(),
                personalization.GetProperty("substitutions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                personalization.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        }
    }

    /// <summary>
    /// One recipient's copy as SendGrid makes it from the request: each of the personalization's substitutions
    /// replaced wherever its key occurs in the subject and in both parts.
    /// </summary>
    public static ComposedEmail PersonalCopy(RecordedSendGridRequest request, SentCopy copy)
    {
        string Substitute(string text)
        {
            var result = new StringBuilder(text);
            foreach (var (key, value) in copy.Substitutions)
            {
                result.Replace(key, value);
            }

            return result.ToString();
        }

        return new ComposedEmail(
            Substitute(request.Json!.Value.GetProperty("subject").GetString()!),
            Substitute(Content(request, "text/html")),
            Substitute(Content(request, "text/plain")));
    }

    /// <summary>Every URL in <paramref name="text"/> that carries a <c>token=</c> parameter, in order.</summary>
    public static List<string> TokenLinks(string text) =>
        [.. Regex.Matches(text, "https?://[^\\s\"'<>]*token=[^\\s\"'<>]*").Select(m => m.Value)];

    /// <summary>The token of a link made by <see cref="MemberMailer"/>.</summary>
    public static string Token(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);

    public static string Content(RecordedSendGridRequest request, string type) =>
        request.Json!.Value.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == type).GetProperty("value").GetString()!;

    /// <summary>What SendGrid's Event Webhook would report for an accepted request: a processed event per copy.</summary>
    public static async Task ReportProcessedAsync(TestApp app, RecordedSendGridRequest request, DateTimeOffset at)
    {
        foreach (var copy in Copies(request))
        {
            await app.Get<DeliveryLedgerStore>().RecordDeliveryEventAsync(copy.IssueId, copy.BatchId, copy.MemberId, "processed", at, Ct);
        }
    }

    public static JsonElement Personalizations(RecordedSendGridRequest request) => request.Json!.Value.GetProperty("personalizations");
}

/// <summary>One recipient's copy in a request the fake received.</summary>
internal sealed record SentCopy(
    int Request,
    string IssueId,
    string BatchId,
    string MemberId,
    string Email,
    int Recipients,
    IReadOnlyDictionary<string, string> Substitutions,
    IReadOnlyDictionary<string, string> Headers);
