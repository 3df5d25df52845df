using KeypointGrains.Contracts.Campaigns;
using KeypointGrains.Keypoints.Schema;

namespace KeypointGrains.Client.Commands;

public static class CampaignPlans
{
    /// <summary>
    /// The seed's study: a baseline on all 30 columns plus the six specialists of the schema. With
    /// <paramref name="specialistsFromBaseline"/> each specialist waits for the baseline and starts from its best weights,
    /// as the seed did.
    /// </summary>
    public static CampaignPlan SeedStudy(string campaignId, string dataPath, TrainingSettings training, bool specialistsFromBaseline = false) =>
        new(campaignId, dataPath,
            [
                new ModelPlan(ModelPlan.BaselineName, Enumerable.Range(0, KeypointSchema.ColumnCount).ToArray()),
                .. KeypointSchema.Specialists.Select(s => new ModelPlan(s.Name, s.Columns.ToArray())
                {
                    StartsFrom = specialistsFromBaseline ? ModelPlan.BaselineName : null,
                }),
            ],
            training);
}
