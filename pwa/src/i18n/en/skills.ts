export default {
  title: "TODO",
};
