using PmoBot.Development.Certifications;
using PmoBot.Development.Training;
using PmoBot.People;
using PmoBot.Projects;
using PmoBot.Reviews.History;
using PmoBot.Reviews.Templates;

namespace PmoBot.Development.Mentoring;

/// <summary>A possible mentor, with the score that ranks them and the reasons in words.</summary>
public sealed record MentorCandidate(string UserKey, string Name, int Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Mentors for a PM are people strong where the PM is weak: trained (a programme done) in an area where the PM has
/// none, holding a current PMI or PeopleCert credential, and running green projects. The PM's weak areas are those
/// without a programme done, with the areas their projects' warnings point at first (or the one the PMO asks about).
/// </summary>
public sealed class MentorSuggestions(
    PeopleDirectory people,
    DevelopmentPlanStore plans,
    TrainingCatalogueStore catalogue,
    CertificationStore certifications,
    ProjectRegister projects,
    LatestStatusStore statuses,
    TimeProvider time)
{
    public const int MaxSuggested = 5;

    /// <param name="reader">Who asked: a credential is current if it has not expired on their calendar, as <c>certs expiring</c> reads it.</param>
    /// <param name="exclude">People not to suggest: the mentee's mentors already.</param>
    public async Task<IReadOnlyList<MentorCandidate>> ForAsync(PmoUser mentee, string? area, PmoUser reader, CancellationToken cancellationToken, int take = MaxSuggested, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(mentee);
        ArgumentNullException.ThrowIfNull(reader);
        var programmes = (await catalogue.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.KnowledgeArea, StringComparer.Ordinal);
        var trainedIn = (await plans.ListAllAsync(cancellationToken))
            .Where(i => i.Status == PlanStatus.Done && programmes.ContainsKey(i.ProgrammeId))
            .GroupBy(i => i.UserKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => programmes[i.ProgrammeId]).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var menteeStrong = trainedIn.GetValueOrDefault(mentee.UserKey) ?? [];
        var weak = area is not null ? [area] : KnowledgeAreas.All.Select(a => a.Id).Where(a => !menteeStrong.Contains(a)).ToList();
        var green = (await statuses.ListAsync(cancellationToken)).Where(s => s.Overall == Rag.Green).Select(s => s.ProjectCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var today = UserTimeZones.DateAt(time.GetUtcNow(), reader.TimeZone);
        var holders = (await people.ListRoleHoldersAsync(cancellationToken))
            .Where(h => h.Role is Role.ProjectManager or Role.Pmo && h.UserKey != mentee.UserKey && exclude?.Contains(h.UserKey) != true)
            .GroupBy(h => h.UserKey, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        var candidates = new List<MentorCandidate>();
        foreach (var holder in holders)
        {
            var reasons = new List<string>();
            var score = 0;
            var strong = weak.Where(a => trainedIn.GetValueOrDefault(holder.UserKey)?.Contains(a) == true).ToList();
            if (strong.Count > 0)
            {
                score += 3 * strong.Count;
                reasons.Add($"trained in {KnowledgeAreas.Describe(strong)}");
            }

            var credentials = (await certifications.ListAsync(holder.UserKey, cancellationToken))
                .Where(c => c.Rule.Body is "PMI" or "PeopleCert" && (c.ExpiresOn is null || c.ExpiresOn >= today))
                .Select(c => c.Name)
                .ToList();
            if (credentials.Count > 0)
            {
                score += 2;
                reasons.Add($"holds {string.Join(", ", credentials)}");
            }

            var greenProjects = (await projects.ListManagedByAsync(holder.UserKey, cancellationToken)).Count(p => green.Contains(p.Code));
            if (greenProjects > 0)
            {
                score += Math.Min(3, greenProjects);
                reasons.Add($"{greenProjects} green project{(greenProjects == 1 ? string.Empty : "s")}");
            }

            // A mentor must be strong where the PM is weak: credentials and green projects only rank those who are.
            if (strong.Count > 0)
            {
                candidates.Add(new MentorCandidate(holder.UserKey, holder.Name, score, reasons));
            }
        }

        return candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).Take(take).ToList();
    }
}
