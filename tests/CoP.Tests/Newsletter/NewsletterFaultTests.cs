using System.Text.Json;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter;
using CoP.TestSupport;
using CoP.Tests.EmailEvents;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>
/// Randomized faults with fixed seeds: SendGrid answers 202, 429 with Retry-After, 500 or too late (a timeout)
/// at random; runs are killed (cancelled) at random moments and run again; between runs SendGrid's signed
/// Event Webhook reports the requests it accepted, as the real one does. Whatever happens, the fake's records
/// show every subscriber's copy accepted exactly once.
/// </summary>
public sealed class NewsletterFaultTests(StorageFixture storage)
{
    private const int Subscribers = 120;
    private const int MaxRounds = 40;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task EverySubscriberGetsTheIssueExactlyOnceWhenSendGridFailsAndRunsAreKilledAtRandom(int seed)
    {
        var random = new Random(seed);
        var gate = new Lock();
        using var signer = new SendGridSigner();
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ =>
        {
            lock (gate)
            {
                return random.Next(100) switch
                {
                    < 55 => null,
                    < 70 => FakeSendGridResponse.TooManyRequests(random.Next(2) == 0 ? 0 : 1),
                    < 85 => FakeSendGridResponse.ServerError,
                    _ => FakeSendGridResponse.Hang(TimeSpan.FromSeconds(1)),
                };
            }
        });
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?>
        {
            ["Newsletter:BatchSize"] = "10",
            ["Newsletter:MaxParallelRequests"] = "3",
            ["Newsletter:RequestTimeout"] = "00:00:00.300",
            ["Newsletter:MaxRetries"] = "2",
            ["Newsletter:UnknownOutcomeWait"] = "00:00:00",
            ["EmailEvents:PublicKey"] = signer.PublicKey,
        });
        var subscribers = await SubscribersAsync(app, Subscribers);
        await SetNoteAsync(app, "Field days are open for registration.");
        var service = app.Get<NewsletterService>();
        var reported = new HashSet<int>();

        NewsletterRunResult? last = null;
        var (rounds, kills) = (0, 0);
        for (var round = 0; round < MaxRounds && last is not NewsletterRunResult.Sent; round++)
        {
            // The last rounds run on a healthy SendGrid without kills, so every seed ends; faults come first.
            var healthy = round >= MaxRounds - 5;
            if (healthy)
            {
                sendGrid.RespondBy(_ => null);
            }

            using var kill = new CancellationTokenSource();
            int killAfter;
            lock (gate)
            {
                killAfter = !healthy && random.Next(3) > 0 ? random.Next(0, 700) : -1;
            }

            if (killAfter >= 0)
            {
                kill.CancelAfter(killAfter);
            }

            rounds++;

            try
            {
                last = await service.SendNowAsync(ResendChoices.None, cancellationToken: kill.Token);
            }
            catch (OperationCanceledException) when (kill.IsCancellationRequested)
            {
                last = null;
                kills++;
            }

            // Requests that were in flight when the run was killed land first; then the webhook reports them.
            await Task.Delay(150, Ct);
            await ReportAcceptedAsync(app, signer, sendGrid, reported);
        }

        var newsletterRequests = sendGrid.Requests.Where(IsNewsletter).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {seed}: {rounds} runs, {kills} killed, {newsletterRequests.Count} requests ({newsletterRequests.Count(r => r.Accepted)} accepted, {newsletterRequests.Count(r => r.AnsweredStatus == 429)} answered 429, {newsletterRequests.Count(r => r.AnsweredStatus >= 500)} answered 5xx)");
        Assert.IsType<NewsletterRunResult.Sent>(last);
        var copies = AcceptedCopies(sendGrid).GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(subscribers.Order(), copies.Keys.Order());
        Assert.All(copies, c => Assert.True(c.Value == 1, $"member {c.Key} got {c.Value} copies (seed {seed})"));
        Assert.Equal(Subscribers, (await IssueAsync(app, CurrentIssueId(app)))!.Recipients);
    }

    /// <summary>Posts a signed "processed" event for every copy of each accepted request not reported yet, through ReceiveEmailEvents.</summary>
    private static async Task ReportAcceptedAsync(TestApp app, SendGridSigner signer, FakeSendGridServer sendGrid, HashSet<int> reported)
    {
        foreach (var request in sendGrid.Requests.Where(r => r.Accepted && IsNewsletter(r) && reported.Add(r.Number)))
        {
            var events = Copies(request).Select(copy => new Dictionary<string, object?>
            {
                ["email"] = copy.Email,
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["event"] = "processed",
                ["sg_event_id"] = EmailEventTestFlows.NewEventId(),
                ["sg_message_id"] = $"fake-message-{request.Number}.{copy.MemberId}",
                ["category"] = new[] { NewsletterMessages.Category },
                [NewsletterMessages.IssueIdArg] = copy.IssueId,
                [NewsletterMessages.BatchIdArg] = copy.BatchId,
                [NewsletterMessages.MemberIdArg] = copy.MemberId,
            }).ToList();
            var response = await EmailEventTestFlows.PostAsync(app, JsonSerializer.Serialize(events), signer);
            Assert.Equal(200, response.Status);
        }
    }
}
