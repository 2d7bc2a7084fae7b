export type {
  BooleanProfile,
  CategoricalProfile,
  ColumnProfile,
  DatasetProfile,
  DatetimeProfile,
  Histogram,
  NumericProfile,
  OtherValues,
  ProfileBase,
  Quantiles,
  TextProfile,
  TopValue,
} from './dataset-profile.js'
export { histogramOn } from './histogram.js'
export { type ProfileOptions, profileDataset, profileDatasetAsync } from './profile-dataset.js'
export { type ProfileHtmlOptions, renderProfileHtml } from './profile-html.js'
