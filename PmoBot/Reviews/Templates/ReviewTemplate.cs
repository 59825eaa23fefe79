namespace PmoBot.Reviews.Templates;

/// <summary>A published version of the questionnaire. Versions never change once published; a new one supersedes.</summary>
public sealed record ReviewTemplate(int Version, IReadOnlyList<Question> Questions, string PublishedBy, DateTimeOffset PublishedAt)
{
    public Question? Find(string id) => Questions.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.OrdinalIgnoreCase));

    public int IndexOf(string id)
    {
        for (var i = 0; i < Questions.Count; i++)
        {
            if (string.Equals(Questions[i].Id, id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
