package io.iso2db.examples;

import org.junit.jupiter.api.Test;

/** Every example runs as a user would run it (its main, on its own servers) and proves its own result. */
class ExamplesIT {

    @Test
    void quickStartExportsThenReplicates() throws Exception {
        QuickStart.main(new String[] {"1"});
    }

    @Test
    void customCheckpointStoreResumesWhereTheTaskStopped() throws Exception {
        CustomCheckpointStore.main(new String[0]);
    }

    @Test
    void bidirectionalRegionsConvergeWithoutEcho() throws Exception {
        Bidirectional.main(new String[0]);
    }

    @Test
    void threeNodesRunOneTaskAndHandItOverWhenItsNodeLeaves() throws Exception {
        ThreeNodeCluster.main(new String[0]);
    }

    @Test
    void filtersAndRoutingFeedAReportingCopy() throws Exception {
        FiltersAndRouting.main(new String[0]);
    }
}
