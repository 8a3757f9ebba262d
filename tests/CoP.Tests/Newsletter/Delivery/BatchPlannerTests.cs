using CoP.Shared.Members;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Newsletter.Delivery;

namespace CoP.Tests.Newsletter.Delivery;

/// <summary>The batch planner on its own: no storage, no provider, only subscribers in and batches out.</summary>
public sealed class BatchPlannerTests
{
    private static readonly HashSet<string> NobodyServed = [];

    [Fact]
    public void ABatchIsReadyAsSoonAsItsVariantHoldsBatchSizeRecipients()
    {
        var planner = new BatchPlanner(3, NobodyServed, ByLanguage);

        var ready = Enumerable.Range(0, 7).Select(i => planner.Add(Subscriber($"m{i}"))).ToList();

        Assert.Equal([false, false, true, false, false, true, false], ready.Select(batch => batch is not null));
        var full = ready.OfType<PlannedBatch>().ToList();
        Assert.Equal(["m0", "m1", "m2"], full[0].Recipients.Select(r => r.MemberId));
        Assert.Equal(["m3", "m4", "m5"], full[1].Recipients.Select(r => r.MemberId));
        var rest = Assert.Single(planner.Remaining());
        Assert.Equal(["m6"], rest.Recipients.Select(r => r.MemberId));
    }

    [Fact]
    public void RecipientsOfDifferentVariantsNeverShareABatch()
    {
        var planner = new BatchPlanner(10, NobodyServed, ByLanguage);
        foreach (var (id, language) in new[] { ("e1", "en"), ("f1", "fr"), ("e2", "en"), ("s1", "es"), ("f2", "fr") })
        {
            Assert.Null(planner.Add(Subscriber(id, language)));
        }

        var batches = planner.Remaining();

        Assert.Equal(3, batches.Count);
        Assert.All(batches, batch => Assert.Single(batch.Recipients.Select(r => r.MemberId[0]).Distinct()));
        Assert.Equal(["e1", "e2"], batches.Single(b => b.VariantKey == "en").Recipients.Select(r => r.MemberId));
        Assert.Equal("fr", batches.Single(b => b.VariantKey == "fr").Audience.Language);
    }

    [Fact]
    public void SubscribersTheLedgerServedOrWhoDoNotReceiveTheNewsletterAreLeftOut()
    {
        var planner = new BatchPlanner(10, new HashSet<string>(["served"]), ByLanguage);

        Assert.Null(planner.Add(Subscriber("served")));
        Assert.Null(planner.Add(Subscriber("optedOut", newsletter: false)));
        Assert.Null(planner.Add(Subscriber("pending", status: MemberStatus.Pending)));
        Assert.Null(planner.Add(Subscriber("bounced", suppressed: "bounce")));
        Assert.Null(planner.Add(Subscriber("waiting")));

        var batch = Assert.Single(planner.Remaining());
        Assert.Equal(["waiting"], batch.Recipients.Select(r => r.MemberId));
    }

    [Fact]
    public void TheFullestVariantGoesOutEarlyWhenTooManyRecipientsWait()
    {
        var planner = new BatchPlanner(10, NobodyServed, ByLanguage, maxWaiting: 10);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(planner.Add(Subscriber($"e{i}", "en")));
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Null(planner.Add(Subscriber($"f{i}", "fr")));
        }

        // The eleventh waiting recipient tips it over: French, the fullest variant, goes as a batch of 6.
        var early = planner.Add(Subscriber("e4", "en"));

        Assert.NotNull(early);
        Assert.Equal("fr", early.VariantKey);
        Assert.Equal(6, early.Recipients.Count);
        var rest = Assert.Single(planner.Remaining());
        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], rest.Recipients.Select(r => r.MemberId));
    }

    [Fact]
    public void EveryBatchHasItsOwnIdAndCarriesEachRecipientsLinkGenerationAndAddress()
    {
        var planner = new BatchPlanner(2, NobodyServed, ByLanguage);
        var batches = new List<PlannedBatch>();
        for (var i = 0; i < 5; i++)
        {
            if (planner.Add(Subscriber($"m{i}", generation: i)) is { } batch)
            {
                batches.Add(batch);
            }
        }

        batches.AddRange(planner.Remaining());

        Assert.Equal([2, 2, 1], batches.Select(b => b.Recipients.Count));
        Assert.Equal(3, batches.Select(b => b.BatchId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(batches, b => Assert.Matches("^[0-9a-f]{16}$", b.BatchId));
        var third = batches.SelectMany(b => b.Recipients).Single(r => r.MemberId == "m3");
        Assert.Equal(new WaitingRecipient("m3", 3, "m3@example.org"), third);
    }

    [Fact]
    public void NothingRemainsOnceEveryVariantWentOut()
    {
        var planner = new BatchPlanner(1, NobodyServed, ByLanguage);

        Assert.NotNull(planner.Add(Subscriber("m0")));

        Assert.Empty(planner.Remaining());
        Assert.Empty(planner.Remaining());
    }

    [Fact]
    public void TopicsReachTheVariantKeyAsTheMemberOrderedThem()
    {
        var audiences = new List<NewsletterAudience>();
        var planner = new BatchPlanner(5, NobodyServed, audience =>
        {
            audiences.Add(audience);
            return string.Join(',', audience.MemberTopics);
        });

        planner.Add(Subscriber("m0", topics: "biochar,agroforestry"));
        planner.Add(Subscriber("m1", topics: "agroforestry,biochar"));

        Assert.Equal(["biochar", "agroforestry"], audiences[0].MemberTopics);
        Assert.Equal(2, planner.Remaining().Count);
    }

    private static string ByLanguage(NewsletterAudience audience) => audience.Language ?? "en";

    private static MemberEntity Subscriber(
        string memberId,
        string language = "en",
        string topics = "",
        int generation = 0,
        bool newsletter = true,
        MemberStatus status = MemberStatus.Confirmed,
        string? suppressed = null) => new()
        {
            PartitionKey = memberId,
            Email = $"{memberId}@example.org",
            Language = language,
            Topics = topics,
            LinkGeneration = generation,
            Newsletter = newsletter,
            Status = status.ToString(),
            NewsletterSuppressed = suppressed,
        };
}
