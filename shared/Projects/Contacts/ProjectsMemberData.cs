using CoP.Shared.Members;

namespace CoP.Shared.Projects.Contacts;

/// <summary>
/// A member's part in the projects map (section <c>projects</c>). Export: the projects they are the contact of, whatever
/// their review, and the progress notes they wrote. Erase: each project they answer for is unlinked from them
/// (<see cref="Project.ContactMemberId"/> cleared under the version read, read again and retried when a write came in
/// between), and stays on the map needing a new contact; their notes stay with their projects, without an author.
/// Every step is idempotent.
/// </summary>
public sealed class ProjectsMemberData(ProjectStore projects, ProjectProgressStore progress, TimeProvider time) : IMemberDataHolder
{
    /// <summary>Writes that may come in between an unlink's read and its write before the erase fails (and is retried whole).</summary>
    public const int MaxAttempts = 5;

    public string Section => "projects";

    public async Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var contactOf = (await projects.ListByContactAsync(member.MemberId, cancellationToken))
            .Select(p => new MemberProject(
                p.ProjectId, p.TextIn(member.Language).Title, ProjectNames.Of(p.Review), ProjectNames.Of(p.Status), p.CreatedAt, p.UpdatedAt, p.LastConfirmedAt))
            .ToList();
        var notes = (await progress.ListByAuthorAsync(member.MemberId, cancellationToken))
            .Select(n => new MemberProjectNote(n.ProjectId, n.UpdateId, n.Date, n.Language, n.Text, n.DocumentIds, n.PostedAt))
            .ToList();
        return new MemberProjects(contactOf, notes);
    }

    public async Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        foreach (var project in await projects.ListByContactAsync(member.MemberId, cancellationToken))
        {
            await UnlinkAsync(project.ProjectId, member.MemberId, cancellationToken);
        }

        foreach (var note in await progress.ListByAuthorAsync(member.MemberId, cancellationToken))
        {
            await progress.ClearAuthorAsync(note, cancellationToken);
        }
    }

    private async Task UnlinkAsync(string projectId, string memberId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // Read again each time: an owner's edit or an operator's review may have come in between.
            if (await projects.GetAsync(projectId, cancellationToken) is not { } stored || !stored.Project.IsOwnedBy(memberId))
            {
                return;
            }

            var unlinked = stored.Project with { ContactMemberId = null, UpdatedAt = time.GetUtcNow() };
            if (await projects.TryReplaceAsync(unlinked, stored.Version, cancellationToken) is not null)
            {
                return;
            }
        }

        // Escapes so that the erase fails and is retried whole; nothing is lost, since every step is idempotent.
        throw new InvalidOperationException($"Project {projectId} kept changing while it was being unlinked from an erased member.");
    }
}

/// <summary>What a member's export holds about the projects map.</summary>
public sealed record MemberProjects(IReadOnlyList<MemberProject> ContactOf, IReadOnlyList<MemberProjectNote> ProgressNotes);

/// <summary>A project the member is the contact of, as their export shows it.</summary>
public sealed record MemberProject(
    string ProjectId, string Title, string Review, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset LastConfirmedAt);

/// <summary>A progress note the member wrote, as their export shows it.</summary>
public sealed record MemberProjectNote(
    string ProjectId, string UpdateId, DateOnly Date, string Language, string Text, IReadOnlyList<string> DocumentIds, DateTimeOffset PostedAt);
