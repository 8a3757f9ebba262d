using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Projects.Review;
using static CoP.Tests.Projects.ProjectTestData;
using static CoP.Tests.Projects.Review.ReviewTestFlows;

namespace CoP.Tests.Projects.Review;

/// <summary>Operators give a project that lost its contact a new one.</summary>
public sealed class ProjectContactTests(StorageFixture storage)
{
    [Fact]
    public async Task AConfirmedMemberBecomesTheContactOfAProjectThatNeededOne()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var projectId = await PendingProjectAsync(app, contactMemberId: null);
        var (memberId, _) = await MemberAsync(app);

        var change = await app.Get<ProjectReviewService>().AssignContactAsync(projectId, memberId, cancellationToken: Ct);

        var assigned = Assert.IsType<ContactChange.Assigned>(change);
        Assert.True(assigned.Project.Project.IsOwnedBy(memberId));
        var project = await ProjectAsync(app, projectId);
        Assert.False(project.NeedsContact);
        Assert.Equal(project.ProjectId, Assert.Single(await app.Get<ProjectStore>().ListByContactAsync(memberId, Ct)).ProjectId);
    }

    [Fact]
    public async Task AnUnknownOrUnconfirmedMemberIsRefusedAndAnUnknownProjectIsNotFound()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var projectId = await PendingProjectAsync(app, contactMemberId: null);
        var (pendingId, _) = await MemberAsync(app, status: MemberStatus.Pending);
        var (memberId, _) = await MemberAsync(app);
        var service = app.Get<ProjectReviewService>();

        Assert.IsType<ContactChange.MemberNotFound>(await service.AssignContactAsync(projectId, MemberStore.NewMemberId(), cancellationToken: Ct));
        Assert.IsType<ContactChange.MemberNotFound>(await service.AssignContactAsync(projectId, pendingId, cancellationToken: Ct));
        Assert.IsType<ContactChange.NotFound>(await service.AssignContactAsync(ProjectStore.NewProjectId(), memberId, cancellationToken: Ct));
        Assert.True((await ProjectAsync(app, projectId)).NeedsContact);
    }

    [Fact]
    public async Task AStaleVersionIsRefusedAndTheSameContactAgainChangesNothing()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var projectId = await PendingProjectAsync(app, contactMemberId: null);
        var (memberId, _) = await MemberAsync(app);
        var service = app.Get<ProjectReviewService>();

        Assert.IsType<ContactChange.VersionMismatch>(await service.AssignContactAsync(projectId, memberId, "W/\"datetime'2020-01-01T00%3A00%3A00Z'\"", Ct));
        var first = Assert.IsType<ContactChange.Assigned>(await service.AssignContactAsync(projectId, memberId, cancellationToken: Ct));
        var again = Assert.IsType<ContactChange.Assigned>(await service.AssignContactAsync(projectId, memberId, "a stale version, answered as it stands", Ct));

        Assert.Equal(first.Project.Version, again.Project.Version);
    }
}
