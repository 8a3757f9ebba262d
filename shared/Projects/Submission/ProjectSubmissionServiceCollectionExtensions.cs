using CoP.Shared.Email.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Projects.Submission;

public static class ProjectSubmissionServiceCollectionExtensions
{
    /// <summary>Members' submissions, updates and confirmations, the boundary blobs and the operators' notice.</summary>
    public static IServiceCollection AddProjectSubmission(this IServiceCollection services)
    {
        services.TryAddSingleton<ProjectBoundaries>();
        services.TryAddSingleton<ProjectSubmittedNotices>();
        services.TryAddSingleton<ProjectService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, ProjectSubmittedMailPreparer>());
        return services;
    }
}
