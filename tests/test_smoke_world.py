def test_world_has_personas_and_trees(personas, unit):
    assert unit("NCT.01.00004").parent.code == "NCT.01"
    assert len(personas) == 7
