using CoP.Shared.Members;
using CoP.Shared.Polls;
using CoP.Tests.EmailEvents;
using Microsoft.Extensions.DependencyInjection;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Members;

/// <summary>
/// Requests that arrive while a member's erasure runs. The erasure walks the areas one after another while the member
/// row still stands; a request the member sends in that window must not leave data the erasure has already passed by.
/// </summary>
public sealed class ErasureRaceTests(StorageFixture storage)
{
    [Fact]
    public async Task ABallotCastWhileTheErasureRunsIsRefusedAndLeavesNoBallot()
    {
        var duringErase = new DuringErase();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Polls.PollTestFlows.Start);
        await using var app = TestApp.Create(storage, time: time, compose: (services, _) => services.AddSingleton<IMemberDataHolder>(duringErase));
        var (member, _) = await ConfirmedMemberAsync(app);
        time.Advance(TimeSpan.FromMinutes(1));
        var poll = await Polls.PollTestFlows.PollAsync(app, Polls.PollTestFlows.Definition());
        var token = Polls.PollTestFlows.VoteToken(app, member.MemberId, poll);

        // The member votes from a second tab while their erasure is under way (after the ballots were erased).
        int? status = null;
        duringErase.Action = async () => status = (await Polls.PollTestFlows.VoteAsync(app, poll, token, "a")).Status;
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(System.Net.IPAddress.Loopback, "api"), Ct));

        Assert.NotEqual(200, status);
        var pollRow = (await app.Get<PollStore>().GetAsync(poll, Ct))!.ToPoll();
        Assert.Null(await app.Get<PollStore>().GetBallotAsync(poll, app.Get<BallotKeys>().For(pollRow, member.MemberId), Ct));
        Assert.Equal(0, (await Polls.PollTestFlows.ResultsAsync(app, poll)).Json().GetProperty("ballots").GetInt32());
    }

    [Fact]
    public async Task AnEmailEventAppliedWhileTheErasureRunsLeavesNoRowOfTheErasedMember()
    {
        using var signer = new SendGridSigner();
        var duringErase = new DuringErase();
        await using var app = TestApp.Create(
            storage,
            new Dictionary<string, string?> { ["EmailEvents:PublicKey"] = signer.PublicKey },
            compose: (services, _) => services.AddSingleton<IMemberDataHolder>(duringErase));
        var (member, _) = await ConfirmedMemberAsync(app);

        // SendGrid reports a bounce of the member's last mail while their erasure is under way (the member row still stands).
        int? applied = null;
        duringErase.Action = async () => applied = (await EmailEventTestFlows.PostAsync(
            app, EmailEventTestFlows.Body(EmailEventTestFlows.Event("bounce", member.MemberId, type: "blocked")), signer)).Count("applied");
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(System.Net.IPAddress.Loopback, "api"), Ct));

        Assert.Equal(1, applied);
        Assert.Equal(0, await RowCountAsync(app, "EmailEvents"));
    }

    /// <summary>A holder registered after the app's own, so that it runs after every real area has been erased.</summary>
    private sealed class DuringErase : IMemberDataHolder
    {
        public Func<Task>? Action { get; set; }

        public string Section => "duringErase";

        public Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default) => Task.FromResult<object?>(null);

        /// <summary>Runs the action once, during the erasure's first pass over the areas.</summary>
        public Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
        {
            var action = Action;
            Action = null;
            return action?.Invoke() ?? Task.CompletedTask;
        }
    }
}
