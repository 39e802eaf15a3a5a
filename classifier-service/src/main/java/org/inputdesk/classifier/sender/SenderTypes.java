package org.inputdesk.classifier.sender;

import java.util.List;
import java.util.Set;

/** The sender type ids of taxonomy-oewg.md, and which of them a publication must not assume. */
public final class SenderTypes {

  public static final String MEMBER_STATE = "member-state";
  public static final String OBSERVER_STATE = "observer-state";
  public static final String IGO = "intergovernmental-organization";
  public static final String UN_ENTITY = "un-entity";
  public static final String NGO = "ngo";
  public static final String PRIVATE_SECTOR = "private-sector";
  public static final String ACADEMIA = "academia";
  public static final String TECHNICAL = "technical-community";
  public static final String INDIVIDUAL = "individual";
  public static final String UNKNOWN = "unknown";

  /** Every sender type, in the codebook's order. */
  public static final List<String> ALL =
      List.of(
          MEMBER_STATE,
          OBSERVER_STATE,
          IGO,
          UN_ENTITY,
          NGO,
          PRIVATE_SECTOR,
          ACADEMIA,
          TECHNICAL,
          INDIVIDUAL,
          UNKNOWN);

  /** Types that speak for States or the UN system: posted only when verified. */
  public static final Set<String> OFFICIAL = Set.of(MEMBER_STATE, OBSERVER_STATE, IGO, UN_ENTITY);

  private SenderTypes() {}

  /** True for a State, an IGO or a UN entity. */
  public static boolean isOfficial(final String type) {
    return type != null && OFFICIAL.contains(type);
  }

  /** True for a Member State or an observer State. */
  public static boolean isState(final String type) {
    return MEMBER_STATE.equals(type) || OBSERVER_STATE.equals(type);
  }
}
