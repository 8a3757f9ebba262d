using CoP.Shared.Email.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoP.Shared.Projects.Review;

public static class ProjectReviewServiceCollectionExtensions
{
    /// <summary>The operators' review of projects and its mails to the owners, and new contacts for projects.</summary>
    public static IServiceCollection AddProjectReview(this IServiceCollection services)
    {
        services.TryAddSingleton<ProjectReviewService>();
        services.TryAddSingleton<ProjectReviewMails>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMailPreparer, ProjectReviewMailPreparer>());
        return services;
    }
}
